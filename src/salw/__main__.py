from salw.cli import main

main()
