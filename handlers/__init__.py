"""Conversation flows: parse and validate input, talk to the user in Korean or English."""
