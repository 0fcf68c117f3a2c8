"""Understanding what people type: intent and slots of a free-text message, in Korean or English.

``service.Understanding.read(text)`` returns the intent (greet, where to watch, recommend, film
info, …) decided by a trained classifier and the slots (title, service, genre, mood, country,
years, count, …) found by rules, with kiwipiepy reading Korean particles and endings.
"""
