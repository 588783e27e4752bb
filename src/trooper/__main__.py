from trooper.cli import main

raise SystemExit(main())
