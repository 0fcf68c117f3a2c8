"""English message catalogue."""

MESSAGES: dict[str, str] = {
    "language.name": "English",
    "start.choose_language": (
        "🎬 Welcome to <b>CineMate</b>, your movie assistant!\n"
        "Choose your language · 언어를 선택하세요"
    ),
    "start.language_set": "Language: English ✓",
    "start.welcome_back": (
        "Welcome back! Your profile is set up.\n"
        "/profile shows and edits it, /help lists everything I can do."
    ),
    "button.start_over": "🔄 Set up again",
    "onboarding.ask_age": "How old are you? Type a number, e.g. <code>27</code>.",
    "onboarding.ask_gender": "Which best describes you?",
    "onboarding.ask_subscriptions": (
        "Which streaming services do you use? Tap each one you subscribe to, then <b>Done</b>."
    ),
    "onboarding.done": (
        "✅ All set!\n{summary}\n\nChange anything with /profile. Type /help to see what I can do."
    ),
    "onboarding.use_buttons": "Please choose with the buttons below.",
    "age.not_a_number": "I need your age as a number, e.g. <code>27</code>.",
    "age.out_of_range": "Please enter an age between {low} and {high}.",
    "age.need_text": "Please type your age as a number, e.g. <code>27</code>.",
    "gender.female": "Female",
    "gender.male": "Male",
    "gender.other": "Other",
    "gender.na": "Prefer not to say",
    "subs.done": "✔ Done",
    "subs.none": "none",
    "profile.title": "👤 <b>Your profile</b>",
    "profile.language": "Language: {value}",
    "profile.age": "Age: {value}",
    "profile.gender": "Gender: {value}",
    "profile.subscriptions": "Subscriptions: {value}",
    "profile.unset": "—",
    "profile.not_set_up": "You haven't set up your profile yet. Send /start to begin.",
    "profile.edit_age": "✏️ Age",
    "profile.edit_gender": "✏️ Gender",
    "profile.edit_language": "🌐 Language",
    "profile.edit_subscriptions": "📺 Subscriptions",
    "profile.ask_new_age": "Type your new age, e.g. <code>27</code>.",
    "profile.saved": "Saved ✓",
    "forget.confirm": (
        "⚠️ This deletes everything I have stored about you: profile, favourites, "
        "subscriptions, feedback, watchlist, predictions and messages. It cannot be undone.\n"
        "Delete everything?"
    ),
    "forget.yes": "🗑 Yes, delete everything",
    "forget.no": "Keep my data",
    "forget.done": "🗑 Done. Everything I stored about you is deleted. Send /start to begin again.",
    "forget.kept": "Nothing was deleted.",
    "help.text": (
        "<b>CineMate</b> helps you pick films.\n\n"
        "/start — set up your profile (language, age, gender, streaming services)\n"
        "/profile — show or edit your profile\n"
        "/lang — switch between Korean and English\n"
        "/forget — delete everything I store about you\n"
        "/cancel — stop what we are doing\n"
        "/help — this message"
    ),
    "lang.choose": "Choose your language · 언어를 선택하세요",
    "lang.set": "Language set to English ✓",
    "cancel.done": "Cancelled. Send /help to see what I can do.",
    "cancel.nothing": "There is nothing to cancel. Send /help to see what I can do.",
    "error.unknown_command": "I don't know the command {command}. Send /help for the list.",
    "error.too_long": (
        "That message is too long ({length} characters). Please keep it under {limit} characters."
    ),
    "error.sticker": "Nice sticker! I can only read text here. Send /help to see what I can do.",
    "error.voice": "I can't listen to voice or audio messages. Please type instead.",
    "error.media": "I can't use photos or files here. Send /help to see what I can do.",
    "error.unsupported": "I can't use this kind of message. Send /help to see what I can do.",
    "error.not_understood": "I'm not sure what you mean. Send /help to see what I can do.",
    "error.button_expired": "This button is no longer active.",
    "error.generic": "😵 Something went wrong on my side. Please try again.",
    "error.storage_busy": "⏳ I couldn't save that just now. Please try again in a moment.",
    "commands.start": "Set up your profile",
    "commands.profile": "Show or edit your profile",
    "commands.lang": "Change language",
    "commands.help": "What CineMate can do",
    "commands.forget": "Delete all my data",
    "commands.cancel": "Stop the current step",
}
