"""Floor scripts: the bare libraries doing what consult-app does at start-up, run as children."""
