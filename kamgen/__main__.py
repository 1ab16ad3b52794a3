from kamgen.cli.main import main

main()
