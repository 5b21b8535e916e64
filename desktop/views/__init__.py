"""Qt widgets: one screen or panel a file; layout and signal wiring only."""
