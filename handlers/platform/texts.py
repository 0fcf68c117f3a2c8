"""Texts of the platform handlers, Korean (``KO``) and English (``EN``), keyed by message id."""

KO: dict[str, str] = {
    "start.choose_language": (
        "🎬 영화 도우미 <b>CineMate</b>에 오신 것을 환영해요!\n언어를 골라 주세요 · Choose your "
        "language"
    ),
    "start.language_set": "언어: 한국어 ✓",
    "start.welcome_back": (
        "다시 오셨네요! 프로필 설정이 끝나 있어요.\n• 추천 받기: /recommend\n"
        "• 프로필 보기·바꾸기: /profile\n• 할 수 있는 일: /help"
    ),
    "onboarding.ask_age": "나이가 어떻게 되세요? 숫자로 입력해 주세요. 예: <code>27</code>",
    "onboarding.ask_gender": "성별을 선택해 주세요.",
    "onboarding.ask_subscriptions": (
        "구독 중인 서비스를 모두 골라 주세요. 다 골랐으면 <b>완료</b>를 눌러 주세요."
    ),
    "onboarding.done": (
        "✅ 설정 완료!\n{summary}\n\n이제 추천을 받아 보세요: /recommend\n설정은 언제든 바꿀 수 "
        "있어요: /profile"
    ),
    "onboarding.use_buttons": "아래 버튼으로 선택해 주세요.",
    "age.not_a_number": "나이는 숫자로 입력해 주세요. 예: <code>27</code>",
    "age.out_of_range": "나이는 {low}에서 {high} 사이로 입력해 주세요.",
    "age.need_text": "나이를 숫자로 입력해 주세요. 예: <code>27</code>",
    "gender.female": "여성",
    "gender.male": "남성",
    "gender.other": "기타",
    "gender.na": "밝히지 않음",
    "subs.done": "✔ 완료",
    "subs.none": "없음",
    "subs.store": "대여·구매",
    "region.choose": (
        "어느 나라에서 보세요? 나라마다 볼 수 있는 작품이 달라서, 고른 나라의 서비스를 보여 "
        "드려요."
    ),
    "region.auto": "🌐 언어에 맞춰 자동",
    "profile.region": "지역: {value}",
    "profile.region_auto": "지역: {value} (언어에 맞춤)",
    "profile.edit_region": "🌍 지역",
    "profile.title": "👤 <b>내 프로필</b>",
    "profile.language": "언어: {value}",
    "profile.age": "나이: {value}",
    "profile.gender": "성별: {value}",
    "profile.subscriptions": "구독: {value}",
    "profile.unset": "—",
    "profile.not_set_up": "아직 프로필을 설정하지 않았어요. 시작하기: /start",
    "profile.edit_age": "✏️ 나이",
    "profile.edit_gender": "✏️ 성별",
    "profile.edit_language": "🌐 언어",
    "profile.edit_subscriptions": "📺 구독",
    "profile.ask_new_age": "새 나이를 숫자로 입력해 주세요. 예: <code>27</code>",
    "profile.saved": "저장했어요 ✓",
    "forget.confirm": (
        "⚠️ 저장된 모든 정보(프로필, 좋아하는 영화, 구독 서비스, 평가, 찜 목록, 예측 기록, "
        "메시지)를 지워요. 되돌릴 수 없어요.\n모두 지울까요?"
    ),
    "forget.yes": "🗑 네, 모두 삭제",
    "forget.no": "삭제하지 않기",
    "forget.done": "🗑 저장된 정보를 모두 삭제했어요. 다시 시작하기: /start",
    "forget.kept": "아무것도 삭제하지 않았어요.",
    "onboarding.ask_favourites": (
        "🎞 이제 좋아하는 영화를 알려 주세요. 취향을 알려면 최소 <b>{needed}편</b>이 필요해요 "
        "(지금 {count}편).\n제목을 보내 주세요. 예: <code>기생충</code>, <code>인셉션</code>. "
        "여러 편이면 한 줄에 하나씩 쓰고, 버튼에서 맞는 영화를 골라 주세요. 한글 제목도 영어 "
        "제목도 돼요.\n"
        "📥 Letterboxd·IMDb·넷플릭스 기록 파일을 보내면 한 번에 가져올게요 (/import)."
    ),
    "fav.candidates": "“{query}” — 어떤 영화인가요? 눌러서 골라 주세요:",
    "fav.not_found": (
        "“{query}”{query:은/는} 아직 제 영화 목록에 없어요 ({through} 개봉작까지 알고 있어요). "
        "다른 제목으로도 입력해 보세요. 예: <code>센과 치히로의 행방불명</code>"
    ),
    "fav.added": "✓ {film} 추가했어요",
    "fav.added_toast": "추가했어요 ⭐",
    "fav.undo": "↩ 취소",
    "fav.removed": "✖ {film} 뺐어요",
    "fav.removed_toast": "뺐어요",
    "fav.progress_more": (
        "⭐ 좋아하는 영화 {count}편 — <b>{remaining}편 더</b> 필요해요. 다음 제목을 입력해 주세요."
    ),
    "fav.progress_enough": "⭐ 좋아하는 영화 {count}편. 더 입력하거나 <b>완료</b>를 눌러 주세요.",
    "fav.need_more": "좋아하는 영화가 {remaining}편 더 필요해요.",
    "fav.need_text": "영화 제목을 보내 주세요. 예: <code>기생충</code>",
    "fav.done": "✔ 완료",
    "fav.list_title": "⭐ <b>좋아하는 영화</b> ({count}편)",
    "fav.list_empty": "아직 없어요.",
    "fav.list_help": "제목을 입력하면 추가되고, ✖를 누르면 빠져요.",
    "fav.saved": "저장했어요 ✓ 좋아하는 영화 {count}편. 이제 추천을 받아 보세요: /recommend",
    "fav.saved_need_more": (
        "저장했어요 ✓ 좋아하는 영화 {count}편. 추천을 받으려면 {remaining}편 더 필요해요. "
        "추가하기: /favorites"
    ),
    "profile.favourites": "좋아하는 영화: {value}편",
}

EN: dict[str, str] = {
    "start.choose_language": (
        "🎬 Welcome to <b>CineMate</b>, your movie assistant!\nChoose your language · 언어를 "
        "골라 주세요"
    ),
    "start.language_set": "Language: English ✓",
    "start.welcome_back": (
        "Welcome back! Your profile is set up.\n/recommend picks films for you, /profile shows "
        "and edits your profile, /help lists everything I can do."
    ),
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
        "⚠️ This deletes everything I have stored about you: profile, favourites, subscriptions, "
        "feedback, watchlist, predictions and messages. It cannot be undone.\nDelete everything?"
    ),
    "forget.yes": "🗑 Yes, delete everything",
    "forget.no": "Keep my data",
    "forget.done": "🗑 Done. Everything I stored about you is deleted. Send /start to begin again.",
    "forget.kept": "Nothing was deleted.",
    "onboarding.ask_favourites": (
        "🎞 Now tell me films you love — at least <b>{needed}</b>, so I learn your taste (you "
        "have {count}).\nType a title, e.g. <code>The Matrix</code>, or several, one per line, "
        "and pick each from the buttons.\n📥 Or send your Letterboxd, IMDb or Netflix history "
        "file and I'll import it in one go (/import)."
    ),
    "fav.candidates": "Which film did you mean by “{query}”? Tap it:",
    "fav.not_found": (
        "“{query}” is not in my film list yet (I know films released up to {through}). Try "
        "another of its titles, e.g. <code>Spirited Away</code>."
    ),
    "fav.added": "✓ Added {film}",
    "fav.added_toast": "Added ⭐",
    "fav.undo": "↩ Undo",
    "fav.removed": "✖ Removed {film}",
    "fav.removed_toast": "Removed",
    "fav.progress_more": (
        "⭐ {count:favourite|favourites} — <b>{remaining} more</b> to go. Type the next title."
    ),
    "fav.progress_enough": "⭐ {count:favourite|favourites}. Type more titles, or tap <b>Done</b>.",
    "fav.need_more": "I need {remaining} more favourite films first.",
    "fav.need_text": "Type a film title, e.g. <code>Toy Story</code>.",
    "fav.done": "✔ Done",
    "fav.list_title": "⭐ <b>Your favourite films</b> ({count})",
    "fav.list_empty": "None yet.",
    "fav.list_help": "Type a title to add a film; tap ✖ to remove one.",
    "fav.saved": "Saved ✓ {count} favourite films. Try /recommend.",
    "fav.saved_need_more": (
        "Saved ✓ {count} favourite films. Recommendations need {remaining} more — add them with "
        "/favorites."
    ),
    "profile.favourites": "Favourite films: {value}",
}
