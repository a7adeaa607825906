"""`python -m macros`: validate the glossary data and print every problem."""
import sys

from macros.glossary import main

sys.exit(main())
