from lcnalg.cli import main

raise SystemExit(main())
