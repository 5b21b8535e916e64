"""The process around the console: its log, garbage-collector pacing, the platform check, the
embedded demo cluster and the licences shown in About."""
