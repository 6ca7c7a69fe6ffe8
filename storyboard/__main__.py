"""Allow `python -m storyboard`."""
from .cli import main

main()
