"""The consultation wizard: one page per step, every Next saves the draft."""
