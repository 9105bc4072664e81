from chainchief.cli import main

main()
