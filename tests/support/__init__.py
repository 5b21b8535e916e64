"""What the tests share: servers they start, hostile input they make, sessions they drive, figures they report."""
