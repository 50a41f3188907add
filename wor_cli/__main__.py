from wor_cli.cli import main

main()
