"""What the console keeps on this machine: settings, presets, profiles, history (SQLite), exports.
Imports connection and domain; it never talks to the cluster."""
