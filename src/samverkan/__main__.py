from samverkan.cli import main

main()
