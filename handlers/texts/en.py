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
        "/recommend picks films for you, /profile shows and edits your profile, /help lists "
        "everything I can do."
    ),
    "button.start_over": "🔄 Set up again",
    "onboarding.ask_age": "How old are you? Type a number, e.g. <code>27</code>.",
    "onboarding.ask_gender": "Which best describes you?",
    "onboarding.ask_subscriptions": (
        "Which streaming services do you use? Tap each one you subscribe to, then <b>Done</b>."
    ),
    "onboarding.done": (
        "✅ All set!\n{summary}\n\nNow try /recommend. Change anything with /profile."
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
    "subs.store": "rent/buy",
    "region.choose": (
        "Where do you watch? Streaming catalogues differ by country; I show the services and "
        "offers of the one you pick."
    ),
    "region.auto": "🌐 From my language",
    "profile.region": "Region: {value}",
    "profile.region_auto": "Region: {value} (from your language)",
    "profile.edit_region": "🌍 Region",
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
        "/start — set up your profile (language, age, gender, favourite films, services)\n"
        "/recommend — films picked for you and where to watch them (👍 👎 shape the next list)\n"
        "/where <i>title</i> — where a film streams (or just ask “where can I watch Toy Story”)\n"
        "/favorites — see, add or remove favourite films\n"
        "/watchlist — films saved for later\n"
        "🎨 send a poster (photo or image file) — genre guesses and how well it suits you\n"
        "/ost — which film genres suit a song (its title or its audio features)\n"
        "/audience — box-office forecast for a Korean release (or a known film vs its actual)\n"
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
    "onboarding.ask_favourites": (
        "🎞 Now tell me films you love — at least <b>{needed}</b>, so I learn your taste "
        "(you have {count}).\nType a title, e.g. <code>The Matrix</code>, or several, one per "
        "line, and pick each from the buttons."
    ),
    "fav.candidates": "Which film did you mean by “{query}”? Tap it:",
    "fav.not_found": (
        "I don't know a film called “{query}” yet. Check the spelling, or try its English or "
        "Korean title, e.g. <code>Spirited Away</code>."
    ),
    "fav.added": "✓ Added {film}",
    "fav.added_toast": "Added ⭐",
    "fav.undo": "↩ Undo",
    "fav.removed": "✖ Removed {film}",
    "fav.removed_toast": "Removed",
    "fav.progress_more": (
        "⭐ {count} favourites — <b>{remaining} more</b> to go. Type the next title."
    ),
    "fav.progress_enough": "⭐ {count} favourites. Type more titles, or tap <b>Done</b>.",
    "fav.need_more": "I need {remaining} more favourite films first.",
    "fav.need_text": "Type a film title, e.g. <code>Toy Story</code>.",
    "fav.done": "✔ Done",
    "fav.list_title": "⭐ <b>Your favourite films</b> ({count})",
    "fav.list_empty": "None yet.",
    "fav.list_help": "Type a title to add a film; tap ✖ to remove one.",
    "fav.saved": "Saved ✓ {count} favourite films. Try /recommend.",
    "fav.saved_need_more": (
        "Saved ✓ {count} favourite films. Recommendations need {remaining} more — add them "
        "with /favorites."
    ),
    "profile.favourites": "Favourite films: {value}",
    "rec.not_set_up": "Let's get to know you first: send /start (it takes a minute).",
    "rec.need_favourites": (
        "To recommend well I need at least {needed} favourite films; you have {count}. "
        "Add <b>{remaining} more</b> with /favorites."
    ),
    "rec.header": "🎬 <b>Picked for you</b>",
    "rec.filter_on": "Only films on your services ({platforms}).",
    "rec.filter_off": "All films; your services are marked ✅.",
    "rec.no_subscriptions": (
        "“Only my services” is on, but you haven't chosen any — showing all films. "
        "Add your services in /profile."
    ),
    "rec.toggle_on": "☑ Only my services",
    "rec.toggle_off": "☐ Only my services",
    "rec.filter_saved_on": "Showing only films on your services",
    "rec.filter_saved_off": "Showing all films",
    "rec.empty": "I have no more films to suggest. Add favourites with /favorites for new ideas.",
    "rec.empty_filtered": (
        "No more films on your services that I know of. Tap ☑ to turn the filter off, or add "
        "services in /profile."
    ),
    "rec.footer": "Your 👍 and 👎 shape the next list.",
    "rec.more": "➡ More",
    "rec.new_list": "🔄 New list",
    "rec.like": "👍",
    "rec.dislike": "👎",
    "rec.watched": "✓ Watched",
    "rec.watchlist": "➕ Watchlist",
    "rec.noted_like": "👍 Noted — more like this next time",
    "rec.noted_dislike": "👎 Noted — I won't suggest it again",
    "rec.noted_watched": "✓ Marked as watched",
    "rec.noted_watchlist": "➕ Saved to /watchlist",
    "rec.undone": "Undone",
    "wtw.ask_title": (
        "Which film? For example <code>/where Parasite</code>, "
        "<code>where can I watch Spirited Away</code> or <code>is The Matrix on Netflix?</code>"
    ),
    "wtw.which": "Which film do you mean by “{query}”?",
    "wtw.unknown": (
        "I don't know “{query}” yet. Check the spelling, or try its English or Korean title."
    ),
    "wtw.unknown_live": "I don't know “{query}”, and neither does TMDB. Check the spelling?",
    "wtw.which_live": "TMDB knows these films as “{query}”. Which one?",
    "wtw.also_button": "Or:",
    "wtw.no_data_kr": (
        "Not in my Korean lists (JustWatch, May 2023). That doesn't mean it isn't streaming: "
        "the lists hold only each service's ~1,500 most popular films."
    ),
    "wtw.no_data_us": (
        "Not in my US lists (2020–23). That doesn't mean it isn't streaming: the lists are "
        "old snapshots of a few services."
    ),
    "wtw.no_lists": "I have no offline streaming lists for {region}.",
    "wtw.no_data_live": "TMDB lists no streaming, rental or purchase offer in {region} right now.",
    "wtw.no_data_for": "❔ No data for {platforms}",
    "wtw.service_yes": "✅ Yes — on {platform}.",
    "wtw.service_store": "✅ {platform} rents or sells it.",
    "wtw.service_no": "❌ Not on {platform} in {region} right now.",
    "wtw.service_not_listed": (
        "❔ Not in my {platform} list (May 2023) — it may still be there; check the app."
    ),
    "wtw.service_no_data": "❔ I have no data for {platform}.",
    "wtw.no_data_short": "📺 Not in my streaming lists",
    "wtw.kind.subscription": "📺 Stream",
    "wtw.kind.free": "🆓 Free",
    "wtw.kind.ads": "📢 Free with ads",
    "wtw.kind.rent": "💳 Rent",
    "wtw.kind.buy": "🛒 Buy",
    "wtw.kind.store": "🛒 Rent or buy",
    "wtw.source_live": "<i>{region}, live from TMDB · data by JustWatch.</i>",
    "wtw.source_kr": "<i>Korean services as of May 2023 (JustWatch); catalogues change.</i>",
    "wtw.source_us": "<i>US lists from 2020–23; catalogues change, so check the app.</i>",
    "wl.title": "📌 <b>Your watchlist</b> ({count})",
    "wl.empty": "Your watchlist is empty. Tap ➕ under a recommendation to save a film.",
    "wl.more": "…and {count} more.",
    "wl.help": "✓ = watched (taken off the list), ✖ = remove.",
    "wl.seen": "✓ Marked as watched",
    "wl.removed": "Removed",
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
    "poster.title": "🎨 <b>Genre guesses from the poster</b>",
    "poster.line": "{rank}. {genre} — {percent}%",
    "poster.taste": (
        "💛 Suits your taste: <b>{percent}%</b> (from the genres of your favourite films)"
    ),
    "poster.no_taste": (
        "Add favourite films with /favorites and I'll also say how well it suits you."
    ),
    "poster.chart_note": (
        "<i>The chart shows every genre; orange = my guesses (above that genre's threshold).</i>"
    ),
    "poster.chart_title": "Genre probabilities (poster)",
    "error.slow_down": "⏳ That is a lot in a short time. Please wait {seconds} s and try again.",
    "poster.too_large": "That file is too big. Please send an image under 20 MB.",
    "poster.too_many_pixels": (
        "That image has too many pixels (the limit is 40 megapixels). Please send a smaller one."
    ),
    "poster.unsupported": (
        "I can read posters as JPEG, PNG or WebP images; this file is none of those. "
        "Send the poster as a photo or as one of those files."
    ),
    "poster.corrupt": "I couldn't open that image — the file seems damaged. Try another one.",
    "poster.too_small": "That image is too small to read. Send a poster at least 32 pixels wide.",
    "poster.download_failed": "I couldn't download that file from Telegram. Please send it again.",
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
    "ost.intro": (
        "🎵 <b>Which film genres suit a song?</b>\n"
        "Send me one of these:\n"
        "• a song title, or <i>title - artist</i>: <code>Someone Like You - Adele</code>\n"
        "• its audio features in one line, in any order: <code>energy 0.8 valence 0.3 "
        "tempo 120 danceability 0.5 loudness -6 acousticness 0.1</code> (0–1 or 0–100; "
        "loudness in dB, tempo in BPM)\n"
        "• or tap <b>Step by step</b> and I'll ask for each feature."
    ),
    "ost.button.form": "🎛 Step by step",
    "ost.button.again": "🎵 Another song",
    "ost.button.back": "◀ Back",
    "ost.button.cancel": "✖ Cancel",
    "ost.ask": "🎛 <b>{name}</b> ({step}/{total})\n{about}\nTap a value or type one ({range}).",
    "ost.about.danceability": "How suitable for dancing: 0 = not at all, 100 = very.",
    "ost.about.energy": "How intense and active it feels: 0 = calm, 100 = intense.",
    "ost.about.loudness": "Average loudness in dB: about −30 is very quiet, −5 is loud.",
    "ost.about.acousticness": "How acoustic it sounds: 0 = electronic, 100 = acoustic.",
    "ost.about.valence": "How bright the mood is: 0 = sad or dark, 100 = happy.",
    "ost.about.tempo": "Speed in beats per minute: 70 slow, 120 medium, 160 fast.",
    "ost.range.percent": "0–100, or 0–1 as on Spotify",
    "ost.range.db": "−60 to 3 dB",
    "ost.range.bpm": "30–250 BPM",
    "ost.range.mode": "major or minor",
    "ost.range.key": "a key such as C, F# or Bb (0–11)",
    "ost.range.seconds": "a length such as 3:25, up to an hour",
    "ost.feature.danceability": "Danceability",
    "ost.feature.energy": "Energy",
    "ost.feature.loudness": "Loudness",
    "ost.feature.acousticness": "Acousticness",
    "ost.feature.valence": "Valence (mood)",
    "ost.feature.tempo": "Tempo",
    "ost.feature.instrumentalness": "Instrumentalness",
    "ost.feature.liveness": "Liveness",
    "ost.feature.speechiness": "Speechiness",
    "ost.feature.mode": "Mode",
    "ost.feature.key": "Key",
    "ost.major": "major",
    "ost.minor": "minor",
    "ost.feature.duration": "Length",
    "ost.got": "Got it: {given}.",
    "ost.still_need": "Still needed: {names}.",
    "ost.out_of_range": "⚠️ {name} must be {range}; “{raw}” is not.",
    "ost.ignored": "I didn't use: {words}.",
    "ost.not_a_value": "Please send a number for <b>{name}</b> ({range}), or tap a button.",
    "ost.pick_song": "Which song do you mean? Tap it, or type the title with the artist.",
    "ost.not_found": (
        "I couldn't find a song called “{query}” in my offline song table, and it doesn't "
        "read as audio features either.\n"
        "Try a title (<code>Dancing Queen</code>, <code>Bad Guy - Billie Eilish</code>) or "
        "features: <code>energy 0.8 valence 0.3 tempo 120 danceability 0.5 loudness -6 "
        "acousticness 0.1</code>"
    ),
    "ost.need_text": "Please type a song title or its audio features; I can't use this here.",
    "ost.cancelled": "OK, stopped. Send /ost to try another song.",
    "ost.result.title": "🎵 <b>Film genres for this song</b>",
    "ost.result.track": "“{title}” — {artist}",
    "ost.result.soundtrack": "On the soundtrack of {film} ({genres}).",
    "ost.result.similar": "🎬 Films like this: {films}",
    "ost.result.line": "{rank}. <b>{genre}</b> — fit {fit} (typical track {typical})",
    "ost.result.nothing_stands_out": (
        "No genre stands out: to these features the song sounds like a typical soundtrack track."
    ),
    "ost.result.features": "Features: {features}",
    "ost.result.assumed": "Not given, taken as typical: {names}.",
    "ost.result.note": (
        "<i>Fit = calibrated chance (0–100) that a film using this song has the genre. "
        "Genres are ranked by how much the song stands out from a typical soundtrack track. "
        "Audio features are a weak signal: read these as hints.</i>"
    ),
    "ost.chart_title": "Genre fit (0–100) · ▮ = typical track",
    "ost.error.model": "Sorry, I couldn't score that song just now. Please try again.",
    "commands.audience": "Box-office forecast for a Korean release",
    "aud.intro": (
        "🎟 <b>Box-office forecast</b>\nI predict the national audience of a film released in "
        "Korean cinemas.\n• Tap <b>New release</b> and describe it step by step: date, screens, "
        "genre, rating, country, distributor, director, lead actors.\n• Or type the title of a "
        "film in the KOBIS list (releases to February 2023), e.g. <code>범죄도시2</code>, to see "
        "my prediction beside its actual audience."
    ),
    "aud.button.new": "📝 New release",
    "aud.button.skip": "Skip",
    "aud.button.done": "Done",
    "aud.button.back": "◀ Back",
    "aud.button.cancel": "✖ Cancel",
    "aud.button.again": "🎟 Another film",
    "aud.button.as_new": "“{name}” is new",
    "aud.ask.date": (
        "📅 <b>Release date</b> ({step}/{total})\nFor example 2023-05-31, 2023.5.31 or 5/31."
    ),
    "aud.ask.screens": (
        "🖥 <b>Screens</b> on opening ({step}/{total})\nType a number or tap one (the widest "
        "release so far had about 2,900)."
    ),
    "aud.ask.genre": "🎭 <b>Genre</b> ({step}/{total})",
    "aud.ask.rating": "🔞 <b>Rating</b> ({step}/{total})",
    "aud.ask.nationality": "🌏 <b>Country of production</b> ({step}/{total})\nTap one or type it.",
    "aud.ask.distributor": (
        "🏢 <b>Distributor</b> ({step}/{total})\nType its name (e.g. CJ ENM, 롯데엔터테인먼트, "
        "쇼박스), or tap Skip."
    ),
    "aud.ask.director": "🎬 <b>Director</b> ({step}/{total})\nType a name, or tap Skip.",
    "aud.ask.actor": "⭐ <b>Lead actor {n}</b> ({step}/{total})\nType a name, or tap {done}.",
    "aud.date.empty": "Please type a release date, e.g. 2023-05-31.",
    "aud.date.format": (
        "I can't read “{text}” as a date. Try 2023-05-31, 2023.5.31, 2023년 5월 31일 or 5/31."
    ),
    "aud.date.impossible": "“{text}” is not a real date. Please check the month and day.",
    "aud.date.too_early": (
        "My data starts in 2003, so I can't use “{text}”. Please give a date from 2003 on."
    ),
    "aud.date.too_late": (
        "“{text}” is more than three years away; I can only forecast releases up to three years "
        "ahead."
    ),
    "aud.screens.empty": "Please type the number of screens, e.g. 800.",
    "aud.screens.not_a_number": (
        "“{text}” is not a number of screens. Type a whole number, e.g. 800."
    ),
    "aud.screens.not_positive": "A release needs at least one screen; “{text}” won't do.",
    "aud.screens.too_many": "{text} screens is more than Korea has; the maximum I accept is {max}.",
    "aud.tap_button": "Please tap one of the buttons.",
    "aud.name.empty": "Please type a name, or tap Skip.",
    "aud.name.known": "✓ {name}: found in the KOBIS records.",
    "aud.name.new": (
        "“{name}” isn't in the KOBIS records I have, so it counts as new (no track record)."
    ),
    "aud.name.suggest": "I don't know “{name}” exactly. Did you mean one of these?",
    "aud.film.not_found": (
        "I couldn't find “{query}” among KOBIS releases to February 2023. Check the spelling (the "
        "Korean title, e.g. 범죄도시2) or tap New release to describe a film."
    ),
    "aud.film.pick": "Which film do you mean?",
    "aud.need_text": "Please type your answer or use the buttons.",
    "aud.cancelled": "OK, stopped. Send /audience to start again.",
    "aud.result.title": "🎟 <b>Predicted national audience</b>",
    "aud.result.film": "<b>{title}</b>, released {date}",
    "aud.result.point": "<b>{audience}</b> (80% range {low} – {high})",
    "aud.result.actual": "Actual audience (KOBIS): <b>{actual}</b>",
    "aud.result.in_sample": (
        "<i>This film was in the model's training data, so this is a fit, not a forecast.</i>"
    ),
    "aud.result.partial": (
        "<i>Counted in March 2023: a film still in cinemas then has a partial "
        "count.</i>"
    ),
    "aud.result.likely": "Most likely range: {bin} ({percent}%)",
    "aud.result.factors": "What moved the prediction most:",
    "aud.result.factor": "• {name}: {effect}",
    "aud.result.extrapolated": (
        "<i>Released after the end of the training data ({date}): the forecast takes the "
        "screen levels of the latest data as they are.</i>"
    ),
    "aud.result.note": (
        "<i>A model of KOBIS releases with more than 50 screens: a forecast, not a promise.</i>"
    ),
    "aud.chart_title": "Chance of each audience range",
    "aud.people": "{count}",
    "aud.summary.screens": "{screens} screens",
    "aud.summary.new": "{name} (new)",
    "aud.genre.드라마": "Drama",
    "aud.genre.애니메이션": "Animation",
    "aud.genre.액션": "Action",
    "aud.genre.코미디": "Comedy",
    "aud.genre.멜로/로맨스": "Romance",
    "aud.genre.공포(호러)": "Horror",
    "aud.genre.범죄": "Crime",
    "aud.genre.스릴러": "Thriller",
    "aud.genre.다큐멘터리": "Documentary",
    "aud.genre.미스터리": "Mystery",
    "aud.genre.SF": "Sci-fi",
    "aud.genre.판타지": "Fantasy",
    "aud.genre.어드벤처": "Adventure",
    "aud.genre.사극": "Period drama",
    "aud.genre.가족": "Family",
    "aud.genre.공연": "Performance",
    "aud.genre.전쟁": "War",
    "aud.genre.뮤지컬": "Musical",
    "aud.genre.서부극(웨스턴)": "Western",
    "aud.genre.성인물(에로)": "Adult",
    "aud.genre.기타": "Other",
    "aud.rating.전체관람가": "All ages",
    "aud.rating.12세관람가": "12+",
    "aud.rating.15세관람가": "15+",
    "aud.rating.청소년관람불가": "18+ (adults only)",
    "aud.nationality.미국": "USA",
    "aud.nationality.한국": "Korea",
    "aud.nationality.일본": "Japan",
    "aud.nationality.영국": "UK",
    "aud.nationality.프랑스": "France",
    "aud.nationality.중국": "China",
    "aud.nationality.독일": "Germany",
    "aud.nationality.기타": "Other",
    "aud.bin.0": "under 10k",
    "aud.bin.1": "10k–100k",
    "aud.bin.2": "100k–1M",
    "aud.bin.3": "1M–1.5M",
    "aud.bin.4": "1.5M–3M",
    "aud.bin.5": "3M–5M",
    "aud.bin.6": "5M or more",
    "aud.factor.screens": "Screens",
    "aud.factor.genre": "Genre",
    "aud.factor.rating": "Rating",
    "aud.factor.nationality": "Country",
    "aud.factor.independent": "Independent/art film",
    "aud.factor.release_month": "Release month",
    "aud.factor.release_year": "Covid period (2020–22)",
    "aud.factor.director": "Director's track record",
    "aud.factor.distributor": "Distributor's track record",
    "aud.factor.actors": "Lead actors' track record",
}
