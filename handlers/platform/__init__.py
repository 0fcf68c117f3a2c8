"""The platform's flows: onboarding, profile, favourites, /forget, /help and the catch-alls."""
