from journalkit.cli import main

main()
