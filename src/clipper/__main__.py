import sys

from clipper.cli import main

sys.exit(main())
