"""Texts of the understanding step and of the ways back into a flow, Korean (``KO``) and
English (``EN``): greetings, the capability menu, out of scope, cues, "back to …"."""

KO: dict[str, str] = {
    "conv.greet": (
        "안녕하세요! 🎬 영화 도우미 <b>CineMate</b>예요.\n영화를 추천하고, 어디서 볼 수 있는지 "
        "알려 드리고, 포스터나 노래에 어울리는 장르를 맞히고, 개봉작 관객 수도 예측해요. "
        "무엇부터 해 볼까요?"
    ),
    "conv.greet_back": "다시 만나서 반가워요! 😊 오늘은 무엇을 도와드릴까요?",
    "conv.thanks": "천만에요! 😊 또 궁금한 게 생기면 언제든 물어보세요.",
    "conv.out_of_scope": (
        "그건 제가 도와드리기 어려워요. 🙏 저는 영화 추천, 볼 수 있는 곳 찾기, 포스터·노래 장르, "
        "관객 수 예측을 할 수 있어요."
    ),
    "conv.which_film": "“{query}”{query:은/는} 어떤 영화인가요?",
    "conv.about_bot": (
        "저는 영화 도우미 <b>CineMate</b>예요. 🤖🎬 사람은 아니고, 영화 이야기를 좋아하는 "
        "봇이에요. 취향에 맞는 영화를 추천하고, 넷플릭스·티빙·왓챠 같은 서비스 중 어디서 "
        "볼 수 있는지 찾아 드리고, 포스터나 노래로 장르를 맞히고, 개봉작 관객 수도 "
        "예측해요. 뭐부터 해 볼까요?"
    ),
    "conv.insult": (
        "제가 마음에 들지 않으셨다면 죄송해요. 🙏 더 잘 도와드리고 싶어요. 영화 추천이나 "
        "볼 수 있는 곳 "
        "찾기라면 자신 있어요!"
    ),
    "card.similar": "🎞 비슷한 영화",
    "menu.recommend": "🎬 영화 추천",
    "menu.where": "📺 어디서 볼까",
    "menu.poster": "🖼 포스터 장르",
    "menu.song": "🎵 노래로 장르 찾기",
    "menu.audience": "🎟 관객 수 예측",
    "cue.poster": (
        "🖼 영화 포스터를 사진으로 보내 주세요(이미지 파일도 돼요). 어떤 장르로 보이는지 확률과 "
        "함께 알려 드릴게요."
    ),
    "cue.song": (
        "🎵 노래에 어울리는 영화 장르를 찾아 드릴게요. 노래 제목(예: <code>좋은 날 "
        "아이유</code>), 음원 특징 한 줄(예: <code>에너지 80 템포 120 밝기 30</code>), 또는 30초 "
        "안팎의 음성 메시지를 보내 주세요."
    ),
    "cue.song_open": "🎵 시작하기",
    "cue.box_office": (
        "🎟 개봉일, 스크린 수, 장르, 등급, 배급사, 감독, 주연 배우를 알려 주시면 전국 관객 수를 "
        "예측해 드려요. KOBIS에 있는 영화 제목(예: <code>범죄도시2</code>)을 보내면 실제 관객 "
        "수와 함께 보여 드려요."
    ),
    "cue.box_office_open": "🎟 예측 시작",
    "flow.back.onboarding_language": "↩️ 프로필 설정으로 돌아갈게요. 언어를 골라 주세요.",
    "flow.back.onboarding_age": (
        "↩️ 프로필 설정으로 돌아갈게요. 나이를 알려 주세요. 예: <code>27</code>"
    ),
    "flow.back.onboarding_gender": "↩️ 프로필 설정으로 돌아갈게요. 성별을 골라 주세요.",
    "flow.back.onboarding_favourites": (
        "↩️ 좋아하는 영화 고르기로 돌아갈게요: {needed}편 중 {count}편을 골랐어요. 영화 제목을 "
        "보내 주세요."
    ),
    "flow.back.onboarding_favourites_enough": (
        "↩️ 좋아하는 영화 고르기로 돌아갈게요: {count}편을 골랐어요. 더 보내거나 <b>완료</b>를 "
        "눌러 주세요."
    ),
    "flow.back.onboarding_subscriptions": (
        "↩️ 구독 서비스 고르기로 돌아갈게요. 쓰는 서비스를 모두 누른 뒤 <b>완료</b>를 눌러 "
        "주세요."
    ),
    "flow.back.profile": "↩️ 프로필 수정으로 돌아갈게요.",
    "flow.back.forget": "↩️ 정보 삭제 확인으로 돌아갈게요.",
    "flow.back.favourites": (
        "↩️ 좋아하는 영화 목록으로 돌아갈게요(지금 {count}편). 제목을 보내면 추가돼요."
    ),
    "flow.back.ost": "↩️ 노래 장르 찾기로 돌아갈게요(그만하려면 /cancel).",
    "flow.back.audience": "↩️ 관객 수 예측으로 돌아갈게요(그만하려면 /cancel).",
}

EN: dict[str, str] = {
    "conv.greet": (
        "Hi! 🎬 I'm <b>CineMate</b>, your movie assistant.\nI recommend films, tell you where to "
        "stream them, guess genres from a poster or a song, and forecast a Korean release's "
        "audience. What shall we do?"
    ),
    "conv.greet_back": "Good to see you again! 😊 What can I do for you today?",
    "conv.thanks": "You're welcome! 😊 Ask me any time.",
    "conv.out_of_scope": (
        "That's not something I can help with. 🙏 I can recommend films, find where to watch "
        "them, guess genres from posters and songs, and forecast box-office audiences."
    ),
    "conv.which_film": "Which film do you mean by “{query}”?",
    "conv.about_bot": (
        "I'm <b>CineMate</b>, a movie assistant bot 🤖🎬 — not a person, just very into films. "
        "I recommend films to your taste, find where to stream them in Korea (Netflix, TVING, "
        "Watcha and more), guess genres from a poster or a song, and forecast a Korean release's "
        "audience. Where shall we start?"
    ),
    "conv.insult": (
        "Sorry I let you down. 🙏 I'd like to do better — films to watch and where to stream "
        "them are what I'm good at."
    ),
    "card.similar": "🎞 Films like this",
    "menu.recommend": "🎬 Recommend",
    "menu.where": "📺 Where to watch",
    "menu.poster": "🖼 Poster genre",
    "menu.song": "🎵 Song → genre",
    "menu.audience": "🎟 Box office",
    "cue.poster": (
        "🖼 Send me a film poster as a photo (an image file works too) and I'll tell you which "
        "genres it looks like, with probabilities."
    ),
    "cue.song": (
        "🎵 I'll find the film genres a song suits. Send its title (e.g. <code>Dynamite "
        "BTS</code>), its audio features in one line (e.g. <code>energy 80 tempo 120 valence "
        "30</code>), or a voice note of about 30 seconds."
    ),
    "cue.song_open": "🎵 Start",
    "cue.box_office": (
        "🎟 Tell me the release date, screens, genre, rating, distributor, director and leads, "
        "and I'll forecast the national audience. Send a KOBIS title (e.g. <code>The "
        "Roundup</code>) to see the forecast beside the actual audience."
    ),
    "cue.box_office_open": "🎟 Start a forecast",
    "flow.back.onboarding_language": "↩️ Back to setting up: please choose your language.",
    "flow.back.onboarding_age": "↩️ Back to setting up: how old are you? e.g. <code>27</code>",
    "flow.back.onboarding_gender": "↩️ Back to setting up: please choose your gender.",
    "flow.back.onboarding_favourites": (
        "↩️ Back to your favourites: {count} of {needed}. Send me a film title."
    ),
    "flow.back.onboarding_favourites_enough": (
        "↩️ Back to your favourites: you have {count}. Send more, or tap <b>Done</b>."
    ),
    "flow.back.onboarding_subscriptions": (
        "↩️ Back to your services: tap every one you use, then <b>Done</b>."
    ),
    "flow.back.profile": "↩️ Back to editing your profile.",
    "flow.back.forget": "↩️ Back to deleting your data.",
    "flow.back.favourites": "↩️ Back to your favourites ({count} so far). Send a title to add one.",
    "flow.back.ost": "↩️ Back to the song (or /cancel to stop).",
    "flow.back.audience": "↩️ Back to the box-office forecast (or /cancel to stop).",
}
