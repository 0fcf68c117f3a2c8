"""The understanding step: every free-text message gets one reading (intent + slots) and is
answered by the capability that registered that intent."""
