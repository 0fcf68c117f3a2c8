"""English texts shared by every capability (commands, errors, genres, help)."""

MESSAGES: dict[str, str] = {
    "language.name": "English",
    "button.start_over": "🔄 Set up again",
    "help.text": (
        "<b>CineMate</b> helps you pick films. You can just ask — no commands needed.\n\n💬 "
        "<code>where can I watch Parasite?</code> · <code>Korean thrillers on Netflix</code> · "
        "<code>something like Inception</code> · <code>who directed Oldboy?</code>\n🎨 Send a "
        "poster photo for its genres; 🎵 send a song's title, its features or a voice note for "
        "the film genres it suits.\n\n/start — set up your profile (language, age, gender, "
        "favourite films, services)\n/recommend — films picked for you and where to watch them "
        "(👍 👎 shape the next list)\n/where <i>title</i> — where a film streams\n/favorites — "
        "see, add or remove favourite films\n/watchlist — films saved for later\n/import — "
        "bring in your Letterboxd, IMDb or Netflix history\n/ost — which "
        "film genres suit a song\n/audience — box-office forecast for a Korean release\n/profile "
        "— show or edit your profile\n/lang — switch between Korean and English\n/forget — "
        "delete everything I store about you\n/cancel — stop what we are doing\n/help — this "
        "message\n\nIn any other chat, type <code>@{bot} parasite</code> to find and share a film."
    ),
    "lang.choose": "Choose your language · 언어를 골라 주세요",
    "lang.set": "Language set to English ✓",
    "cancel.done": "Cancelled. Send /help to see what I can do.",
    "cancel.nothing": "There is nothing to cancel. Send /help to see what I can do.",
    "error.unknown_command": "I don't know the command {command}. Send /help for the list.",
    "error.too_long": (
        "That message is too long ({length} characters). Please keep it under {limit} characters."
    ),
    "error.sticker": "Nice sticker! I can only read text here. Send /help to see what I can do.",
    "error.voice": "I can't listen to voice or audio messages. Please type instead.",
    "error.media": "I can't use videos here. Send /help to see what I can do.",
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
    "genre.none": "genre unknown",
    "genre.Action": "Action",
    "genre.Adventure": "Adventure",
    "genre.Animation": "Animation",
    "genre.Children": "Family",
    "genre.Comedy": "Comedy",
    "genre.Crime": "Crime",
    "genre.Documentary": "Documentary",
    "genre.Drama": "Drama",
    "genre.Fantasy": "Fantasy",
    "genre.Film-Noir": "Film noir",
    "genre.Horror": "Horror",
    "genre.IMAX": "IMAX",
    "genre.Musical": "Musical",
    "genre.Mystery": "Mystery",
    "genre.Romance": "Romance",
    "genre.Sci-Fi": "Sci-fi",
    "genre.Thriller": "Thriller",
    "genre.War": "War",
    "genre.Western": "Western",
    "error.slow_down": "⏳ That is a lot in a short time. Please wait {seconds} s and try again.",
    "genre.Biography": "Biography",
    "genre.Family": "Family",
    "genre.History": "History",
    "genre.Music": "Music",
    "genre.Sport": "Sport",
    "genre.Short": "Short",
    "genre.News": "News",
    "genre.Reality-TV": "Reality TV",
    "commands.recommend": "Films picked for you",
    "commands.where": "Where can I watch a film?",
    "commands.favorites": "Your favourite films",
    "commands.watchlist": "Films saved for later",
    "commands.ost": "Which film genres suit a song",
    "genre.Science Fiction": "Science fiction",
    "commands.audience": "Box-office forecast for a Korean release",
    "country.KR": "Korean",
    "country.US": "American",
    "country.JP": "Japanese",
    "country.FR": "French",
    "country.GB": "British",
    "country.CN": "Chinese",
    "country.HK": "Hong Kong",
    "country.TW": "Taiwanese",
    "country.IN": "Indian",
    "country.ES": "Spanish",
    "country.IT": "Italian",
    "country.DE": "German",
    "mood.scary": "scary",
    "mood.funny": "funny",
    "mood.feel_good": "feel-good",
    "mood.sad": "sad",
    "mood.exciting": "exciting",
    "mood.romantic": "romantic",
    "mood.thoughtful": "thought-provoking",
    "mood.calm": "calm",
    "mood.twist": "with a twist",
    "mood.killing_time": "easy fun",
    "mood.rainy_day": "rainy-day",
    "mood.cozy": "cozy",
    "mood.mind_bending": "mind-bending",
}
