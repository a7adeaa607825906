"""`python -m checks`: run every site check (see checks/site.py)."""
import sys

from checks.site import main

sys.exit(main(sys.argv[1:]))
