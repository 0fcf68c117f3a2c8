"""Korean message catalogue (한국어 메시지)."""

MESSAGES: dict[str, str] = {
    "language.name": "한국어",
    "start.choose_language": (
        "🎬 영화 도우미 <b>CineMate</b>에 오신 것을 환영해요!\n"
        "언어를 선택하세요 · Choose your language"
    ),
    "start.language_set": "언어: 한국어 ✓",
    "start.welcome_back": (
        "다시 오셨네요! 프로필 설정이 끝나 있어요.\n"
        "/recommend 로 추천을 받고, /profile 로 확인·수정하고, /help 로 할 수 있는 일을 볼 수 "
        "있어요."
    ),
    "button.start_over": "🔄 처음부터 다시 설정",
    "onboarding.ask_age": "나이가 어떻게 되세요? 숫자로 입력해 주세요. 예: <code>27</code>",
    "onboarding.ask_gender": "성별을 선택해 주세요.",
    "onboarding.ask_subscriptions": (
        "구독 중인 OTT를 모두 눌러 선택한 뒤 <b>완료</b>를 눌러 주세요."
    ),
    "onboarding.done": (
        "✅ 설정 완료!\n{summary}\n\n"
        "이제 /recommend 로 추천을 받아 보세요. /profile 에서 언제든 바꿀 수 있어요."
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
        "어느 나라에서 보세요? 나라마다 볼 수 있는 작품이 달라서, 고른 나라의 서비스를 보여 드려요."
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
    "profile.not_set_up": "아직 프로필을 설정하지 않았어요. /start 로 시작해 주세요.",
    "profile.edit_age": "✏️ 나이",
    "profile.edit_gender": "✏️ 성별",
    "profile.edit_language": "🌐 언어",
    "profile.edit_subscriptions": "📺 구독",
    "profile.ask_new_age": "새 나이를 숫자로 입력해 주세요. 예: <code>27</code>",
    "profile.saved": "저장했어요 ✓",
    "forget.confirm": (
        "⚠️ 저장된 모든 정보(프로필, 좋아하는 영화, 구독, 피드백, 보관함, 예측 기록, 메시지)를 "
        "삭제합니다. 되돌릴 수 없어요.\n모두 삭제할까요?"
    ),
    "forget.yes": "🗑 네, 모두 삭제",
    "forget.no": "삭제하지 않기",
    "forget.done": "🗑 완료. 저장된 정보를 모두 삭제했어요. 다시 시작하려면 /start 를 보내 주세요.",
    "forget.kept": "아무것도 삭제하지 않았어요.",
    "help.text": (
        "<b>CineMate</b>는 영화 고르기를 도와드려요.\n\n"
        "/start — 프로필 설정 (언어, 나이, 성별, 좋아하는 영화, 구독 OTT)\n"
        "/recommend — 맞춤 영화 추천과 볼 수 있는 곳 (👍 👎 로 다음 추천이 바뀌어요)\n"
        "/where 제목 — 어디서 볼 수 있는지 (“Toy Story 어디서 봐”처럼 물어봐도 돼요)\n"
        "/favorites — 좋아하는 영화 보기·추가·삭제\n"
        "/watchlist — 나중에 볼 영화\n"
        "🎨 포스터 보내기 (사진이나 이미지 파일) — 장르 추측과 내 취향과 맞는 정도\n"
        "/ost — 노래(제목이나 오디오 특성)에 어울리는 영화 장르\n"
        "/audience — 한국 개봉작 관객 수 예측 (아는 영화는 실제 관객 수와 비교)\n"
        "/profile — 프로필 보기·수정\n"
        "/lang — 한국어/영어 전환\n"
        "/forget — 저장된 내 정보 모두 삭제\n"
        "/cancel — 진행 중인 단계 취소\n"
        "/help — 이 도움말"
    ),
    "lang.choose": "언어를 선택하세요 · Choose your language",
    "lang.set": "언어를 한국어로 바꿨어요 ✓",
    "cancel.done": "취소했어요. /help 로 할 수 있는 일을 확인하세요.",
    "cancel.nothing": "취소할 진행 중인 단계가 없어요. /help 로 할 수 있는 일을 확인하세요.",
    "error.unknown_command": "{command} 명령은 없어요. /help 로 명령 목록을 확인하세요.",
    "error.too_long": "메시지가 너무 길어요 ({length}자). {limit}자 이내로 보내 주세요.",
    "error.sticker": "귀여운 스티커네요! 여기서는 글자만 읽을 수 있어요. /help 를 참고하세요.",
    "error.voice": "음성·오디오 메시지는 들을 수 없어요. 글로 입력해 주세요.",
    "error.media": "동영상은 사용할 수 없어요. /help 를 참고하세요.",
    "error.unsupported": "이런 종류의 메시지는 사용할 수 없어요. /help 를 참고하세요.",
    "error.not_understood": "무슨 뜻인지 잘 모르겠어요. /help 로 할 수 있는 일을 확인하세요.",
    "error.button_expired": "더 이상 사용할 수 없는 버튼이에요.",
    "error.generic": "😵 처리 중 문제가 생겼어요. 잠시 후 다시 시도해 주세요.",
    "error.storage_busy": "⏳ 지금은 저장하지 못했어요. 잠시 후 다시 시도해 주세요.",
    "commands.start": "프로필 설정",
    "commands.profile": "프로필 보기·수정",
    "commands.lang": "언어 변경",
    "commands.help": "도움말",
    "commands.forget": "내 정보 모두 삭제",
    "commands.cancel": "진행 중인 단계 취소",
    "onboarding.ask_favourites": (
        "🎞 이제 좋아하는 영화를 알려 주세요. 취향을 알려면 최소 <b>{needed}편</b>이 필요해요 "
        "(지금 {count}편).\n제목을 입력하세요. 예: <code>The Matrix</code> — 여러 편은 한 줄에 "
        "하나씩 — 그리고 버튼에서 고르세요. 영어 제목이 가장 잘 찾아져요."
    ),
    "fav.candidates": "“{query}” — 어떤 영화인가요? 눌러서 고르세요:",
    "fav.not_found": (
        "“{query}”, 아직 모르는 영화예요. 철자를 확인하거나 영어 제목으로도 입력해 보세요. "
        "예: <code>센과 치히로의 행방불명</code>"
    ),
    "fav.added": "✓ {film} 추가했어요",
    "fav.added_toast": "추가했어요 ⭐",
    "fav.undo": "↩ 취소",
    "fav.removed": "✖ {film} 뺐어요",
    "fav.removed_toast": "뺐어요",
    "fav.progress_more": (
        "⭐ 좋아하는 영화 {count}편 — <b>{remaining}편 더</b> 필요해요. 다음 제목을 입력하세요."
    ),
    "fav.progress_enough": "⭐ 좋아하는 영화 {count}편. 더 입력하거나 <b>완료</b>를 누르세요.",
    "fav.need_more": "좋아하는 영화가 {remaining}편 더 필요해요.",
    "fav.need_text": "영화 제목을 입력해 주세요. 예: <code>Toy Story</code>",
    "fav.done": "✔ 완료",
    "fav.list_title": "⭐ <b>좋아하는 영화</b> ({count}편)",
    "fav.list_empty": "아직 없어요.",
    "fav.list_help": "제목을 입력하면 추가되고, ✖를 누르면 빠져요.",
    "fav.saved": "저장했어요 ✓ 좋아하는 영화 {count}편. /recommend 로 추천을 받아 보세요.",
    "fav.saved_need_more": (
        "저장했어요 ✓ 좋아하는 영화 {count}편. 추천을 받으려면 {remaining}편 더 필요해요 — "
        "/favorites 에서 추가하세요."
    ),
    "profile.favourites": "좋아하는 영화: {value}",
    "rec.not_set_up": "먼저 취향을 알려 주세요: /start 를 보내 주세요 (1분이면 돼요).",
    "rec.need_favourites": (
        "제대로 추천하려면 좋아하는 영화가 최소 {needed}편 필요해요. 지금 {count}편이에요. "
        "/favorites 에서 <b>{remaining}편 더</b> 추가해 주세요."
    ),
    "rec.header": "🎬 <b>추천 영화</b>",
    "rec.filter_on": "내 구독 서비스({platforms})에 있는 영화만 보여 드려요.",
    "rec.filter_off": "모든 영화를 보여 드려요. 내 구독 서비스는 ✅로 표시돼요.",
    "rec.no_subscriptions": (
        "‘내 구독만’이 켜져 있지만 구독 서비스를 고르지 않았어요 — 모든 영화를 보여 드려요. "
        "/profile 에서 구독을 추가하세요."
    ),
    "rec.toggle_on": "☑ 내 구독만",
    "rec.toggle_off": "☐ 내 구독만",
    "rec.filter_saved_on": "내 구독 서비스의 영화만 보여 드려요",
    "rec.filter_saved_off": "모든 영화를 보여 드려요",
    "rec.empty": (
        "더 추천할 영화가 없어요. /favorites 에서 좋아하는 영화를 추가하면 새로 찾아 드려요."
    ),
    "rec.empty_filtered": (
        "내 구독 서비스에서 볼 수 있는 영화를 더 찾지 못했어요. ☑를 눌러 필터를 끄거나 "
        "/profile 에서 구독을 추가하세요."
    ),
    "rec.footer": "👍 와 👎 가 다음 추천에 반영돼요.",
    "rec.more": "➡ 더 보기",
    "rec.new_list": "🔄 새로 추천",
    "rec.like": "👍",
    "rec.dislike": "👎",
    "rec.watched": "✓ 봤어요",
    "rec.watchlist": "➕ 볼 목록",
    "rec.noted_like": "👍 반영했어요 — 비슷한 영화를 더 추천할게요",
    "rec.noted_dislike": "👎 반영했어요 — 다시 추천하지 않을게요",
    "rec.noted_watched": "✓ 본 영화로 표시했어요",
    "rec.noted_watchlist": "➕ /watchlist 에 저장했어요",
    "rec.undone": "취소했어요",
    "wtw.ask_title": (
        "어떤 영화를 찾으세요? 예: <code>/where 기생충</code>, "
        "<code>센과 치히로의 행방불명 어디서 봐?</code>, <code>매트릭스 넷플릭스에 있어?</code>"
    ),
    "wtw.which": "“{query}” — 어떤 영화인가요?",
    "wtw.unknown": (
        "“{query}”, 아직 모르는 영화예요. 철자를 확인하거나 영어 제목으로도 물어봐 주세요."
    ),
    "wtw.unknown_live": "“{query}” — 제 목록에도 TMDB에도 없는 제목이에요. 철자를 확인해 주세요.",
    "wtw.which_live": "TMDB에서 찾은 “{query}” 후보예요. 어떤 영화인가요?",
    "wtw.also_button": "혹시:",
    "wtw.no_data_kr": (
        "제가 가진 한국 목록(JustWatch, 2023년 5월 기준)에는 없어요. 스트리밍이 안 된다는 뜻은 "
        "아니에요. 목록에는 서비스마다 인기작 약 1,500편만 있어요."
    ),
    "wtw.no_data_us": (
        "제가 가진 미국 목록(2020~2023년)에는 없어요. 스트리밍이 안 된다는 뜻은 아니에요."
    ),
    "wtw.no_lists": "{region} 지역의 스트리밍 목록은 아직 없어요.",
    "wtw.no_data_live": "TMDB 기준으로 지금 {region}에서는 스트리밍·대여·구매할 곳이 없어요.",
    "wtw.no_data_for": "❔ 정보 없음: {platforms}",
    "wtw.service_yes": "✅ 네, {platform}에서 볼 수 있어요.",
    "wtw.service_store": "✅ {platform}에서 대여하거나 구매할 수 있어요.",
    "wtw.service_no": "❌ 지금 {region} {platform}에는 없어요.",
    "wtw.service_not_listed": (
        "❔ 제가 가진 {platform} 목록(2023년 5월)에는 없어요. 그래도 있을 수 있으니 앱에서 "
        "확인해 보세요."
    ),
    "wtw.service_no_data": "❔ {platform} 정보는 제게 없어요.",
    "wtw.no_data_short": "📺 제 스트리밍 목록에는 없어요",
    "wtw.kind.subscription": "📺 구독",
    "wtw.kind.free": "🆓 무료",
    "wtw.kind.ads": "📢 광고 포함 무료",
    "wtw.kind.rent": "💳 대여",
    "wtw.kind.buy": "🛒 구매",
    "wtw.kind.store": "🛒 대여·구매",
    "wtw.source_live": "<i>{region} · TMDB 실시간 정보 · 데이터 제공 JustWatch</i>",
    "wtw.source_kr": "<i>한국 서비스 2023년 5월 기준(JustWatch)이라 지금은 다를 수 있어요.</i>",
    "wtw.source_us": "<i>미국 목록 2020~2023년 기준이라 지금은 다를 수 있어요.</i>",
    "wl.title": "📌 <b>볼 목록</b> ({count}편)",
    "wl.empty": "볼 목록이 비어 있어요. 추천 영화 아래 ➕를 눌러 저장하세요.",
    "wl.more": "…외 {count}편",
    "wl.help": "✓ = 봤어요 (목록에서 빠져요), ✖ = 빼기",
    "wl.seen": "✓ 본 영화로 표시했어요",
    "wl.removed": "뺐어요",
    "genre.none": "장르 정보 없음",
    "genre.Action": "액션",
    "genre.Adventure": "모험",
    "genre.Animation": "애니메이션",
    "genre.Children": "가족",
    "genre.Comedy": "코미디",
    "genre.Crime": "범죄",
    "genre.Documentary": "다큐멘터리",
    "genre.Drama": "드라마",
    "genre.Fantasy": "판타지",
    "genre.Film-Noir": "필름 누아르",
    "genre.Horror": "공포",
    "genre.IMAX": "IMAX",
    "genre.Musical": "뮤지컬",
    "genre.Mystery": "미스터리",
    "genre.Romance": "로맨스",
    "genre.Sci-Fi": "SF",
    "genre.Thriller": "스릴러",
    "genre.War": "전쟁",
    "genre.Western": "서부",
    "poster.title": "🎨 <b>포스터로 본 장르 추측</b>",
    "poster.line": "{rank}. {genre} — {percent}%",
    "poster.taste": "💛 내 취향과 맞는 정도: <b>{percent}%</b> (좋아하는 영화들의 장르 기준)",
    "poster.no_taste": (
        "/favorites 에 좋아하는 영화를 추가하면 내 취향과 얼마나 맞는지도 알려 드려요."
    ),
    "poster.chart_note": (
        "<i>그래프는 모든 장르를 보여 줘요. 주황색 = 제 추측 (장르별 기준 이상).</i>"
    ),
    "poster.chart_title": "장르별 확률 (포스터)",
    "error.slow_down": "⏳ 짧은 시간에 요청이 너무 많아요. {seconds}초 뒤에 다시 시도해 주세요.",
    "poster.too_large": "파일이 너무 커요. 20MB보다 작은 이미지를 보내 주세요.",
    "poster.too_many_pixels": (
        "이미지 픽셀 수가 너무 많아요 (최대 4천만 화소). 더 작은 이미지를 보내 주세요."
    ),
    "poster.unsupported": (
        "포스터는 JPEG, PNG, WebP 이미지로 읽을 수 있어요. 이 파일은 그중 어느 것도 아니에요. "
        "사진으로 보내거나 이 형식의 파일로 보내 주세요."
    ),
    "poster.corrupt": "이미지를 열 수 없어요. 파일이 손상된 것 같아요. 다른 이미지를 보내 주세요.",
    "poster.too_small": "이미지가 너무 작아요. 가로세로 32픽셀 이상인 포스터를 보내 주세요.",
    "poster.download_failed": "텔레그램에서 파일을 받지 못했어요. 다시 보내 주세요.",
    "genre.Biography": "전기",
    "genre.Family": "가족",
    "genre.History": "역사",
    "genre.Music": "음악",
    "genre.Sport": "스포츠",
    "genre.Short": "단편",
    "genre.News": "뉴스",
    "genre.Reality-TV": "리얼리티",
    "commands.recommend": "맞춤 영화 추천",
    "commands.where": "이 영화 어디서 봐?",
    "commands.favorites": "좋아하는 영화",
    "commands.watchlist": "볼 목록",
    "commands.ost": "노래에 어울리는 영화 장르",
    "genre.Science Fiction": "SF",
    "ost.intro": (
        "🎵 <b>이 노래는 어떤 영화 장르에 어울릴까요?</b>\n"
        "다음 중 하나를 보내 주세요.\n"
        "• 노래 제목, 또는 <i>제목 - 가수</i>: <code>Someone Like You - Adele</code>\n"
        "• 오디오 특성을 한 줄로, 순서는 자유: <code>에너지 80 밝기 30 템포 120 댄스 50 "
        "음량 -6 어쿠스틱 10</code> (0–1 또는 0–100, 음량은 dB, 템포는 BPM)\n"
        "• 또는 <b>하나씩 입력</b>을 누르면 특성을 하나씩 물어볼게요."
    ),
    "ost.button.form": "🎛 하나씩 입력",
    "ost.button.again": "🎵 다른 노래",
    "ost.button.back": "◀ 이전",
    "ost.button.cancel": "✖ 취소",
    "ost.ask": (
        "🎛 <b>{name}</b> ({step}/{total})\n{about}\n값을 누르거나 직접 입력하세요 ({range})."
    ),
    "ost.about.danceability": "춤추기에 얼마나 좋은지: 0 = 전혀, 100 = 아주 좋음.",
    "ost.about.energy": "얼마나 강렬하고 활기찬지: 0 = 잔잔함, 100 = 강렬함.",
    "ost.about.loudness": "평균 음량(dB): −30 정도면 아주 조용하고, −5면 큼.",
    "ost.about.acousticness": "어쿠스틱한 정도: 0 = 전자음, 100 = 어쿠스틱.",
    "ost.about.valence": "분위기가 얼마나 밝은지: 0 = 슬프거나 어두움, 100 = 밝고 행복함.",
    "ost.about.tempo": "빠르기(BPM): 70 느림, 120 보통, 160 빠름.",
    "ost.range.percent": "0–100, 또는 Spotify처럼 0–1",
    "ost.range.db": "−60~3 dB",
    "ost.range.bpm": "30–250 BPM",
    "ost.range.mode": "장조 또는 단조",
    "ost.range.key": "C, F#, Bb 같은 조 (0–11)",
    "ost.range.seconds": "3:25 같은 길이, 최대 1시간",
    "ost.feature.danceability": "댄스 적합도",
    "ost.feature.energy": "에너지",
    "ost.feature.loudness": "음량",
    "ost.feature.acousticness": "어쿠스틱",
    "ost.feature.valence": "밝기(분위기)",
    "ost.feature.tempo": "템포",
    "ost.feature.instrumentalness": "연주곡 정도",
    "ost.feature.liveness": "라이브 느낌",
    "ost.feature.speechiness": "말하는 정도",
    "ost.feature.mode": "장/단조",
    "ost.feature.key": "조",
    "ost.major": "장조",
    "ost.minor": "단조",
    "ost.feature.duration": "길이",
    "ost.got": "받았어요: {given}.",
    "ost.still_need": "아직 필요해요: {names}.",
    "ost.out_of_range": "⚠️ {name} 값은 {range} 범위여야 해요. “{raw}”{raw:은/는} 범위를 벗어나요.",
    "ost.ignored": "사용하지 않은 말: {words}.",
    "ost.not_a_value": "<b>{name}</b> 값을 숫자로 보내 주세요 ({range}). 버튼을 눌러도 돼요.",
    "ost.pick_song": "어떤 노래인가요? 눌러서 고르거나, 제목과 가수를 함께 입력해 주세요.",
    "ost.not_found": (
        "오프라인 노래 목록에서 “{query}”{query:을/를} 찾지 못했고, "
        "오디오 특성으로도 읽히지 않아요.\n"
        "제목(<code>Dancing Queen</code>, <code>Bad Guy - Billie Eilish</code>)이나 "
        "특성(<code>에너지 80 밝기 30 템포 120 댄스 50 음량 -6 어쿠스틱 10</code>)을 보내 주세요."
    ),
    "ost.need_text": "노래 제목이나 오디오 특성을 글자로 보내 주세요. 이건 여기서 쓸 수 없어요.",
    "ost.cancelled": "그만할게요. 다른 노래는 /ost 로 시작하세요.",
    "ost.result.title": "🎵 <b>이 노래에 어울리는 영화 장르</b>",
    "ost.result.track": "“{title}” — {artist}",
    "ost.result.soundtrack": "{film} 사운드트랙 수록곡이에요 ({genres}).",
    "ost.result.similar": "🎬 이런 분위기의 영화: {films}",
    "ost.result.line": "{rank}. <b>{genre}</b> — 적합도 {fit} (보통 곡 {typical})",
    "ost.result.nothing_stands_out": (
        "두드러지는 장르가 없어요. 이 특성만으로는 평범한 사운드트랙 곡처럼 들려요."
    ),
    "ost.result.features": "특성: {features}",
    "ost.result.assumed": "입력하지 않아 보통 값으로 본 특성: {names}.",
    "ost.result.note": (
        "<i>적합도 = 이 노래를 쓴 영화가 그 장르일 보정된 확률(0–100). "
        "보통 사운드트랙 곡보다 얼마나 두드러지는지로 순위를 매겨요. "
        "오디오 특성만으로는 신호가 약하니 참고로만 보세요.</i>"
    ),
    "ost.chart_title": "장르 적합도 (0–100) · ▮ = 보통 곡",
    "ost.error.model": "죄송해요, 지금은 이 노래를 분석하지 못했어요. 다시 시도해 주세요.",
    "commands.audience": "한국 개봉작 관객 수 예측",
    "aud.intro": (
        "🎟 <b>관객 수 예측</b>\n한국 극장 개봉작의 전국 관객 수를 예측해요.\n• <b>새 "
        "개봉작</b>을 누르고 개봉일, 스크린 수, 장르, 등급, 제작 국가, 배급사, 감독, 주연 배우를 "
        "차례로 알려 주세요.\n• 또는 KOBIS 목록(2023년 2월까지 개봉)에 있는 영화 제목(예: "
        "<code>범죄도시2</code>)을 입력하면 실제 관객 수와 예측을 함께 보여 드려요."
    ),
    "aud.button.new": "📝 새 개봉작",
    "aud.button.skip": "건너뛰기",
    "aud.button.done": "완료",
    "aud.button.back": "◀ 이전",
    "aud.button.cancel": "✖ 취소",
    "aud.button.again": "🎟 다른 영화",
    "aud.button.as_new": "“{name}” 새 이름으로",
    "aud.ask.date": "📅 <b>개봉일</b> ({step}/{total})\n예: 2023-05-31, 2023.5.31, 5/31",
    "aud.ask.screens": (
        "🖥 <b>개봉 스크린 수</b> ({step}/{total})\n숫자를 입력하거나 눌러 주세요 (지금까지 가장 "
        "많은 개봉은 약 2,900개)."
    ),
    "aud.ask.genre": "🎭 <b>장르</b> ({step}/{total})",
    "aud.ask.rating": "🔞 <b>관람 등급</b> ({step}/{total})",
    "aud.ask.nationality": "🌏 <b>제작 국가</b> ({step}/{total})\n누르거나 입력해 주세요.",
    "aud.ask.distributor": (
        "🏢 <b>배급사</b> ({step}/{total})\n이름을 입력하거나(예: CJ ENM, 롯데엔터테인먼트, "
        "쇼박스) 건너뛰기를 누르세요."
    ),
    "aud.ask.director": "🎬 <b>감독</b> ({step}/{total})\n이름을 입력하거나 건너뛰기를 누르세요.",
    "aud.ask.actor": (
        "⭐ <b>주연 배우 {n}</b> ({step}/{total})\n이름을 입력하거나 {done}{done:을/를} 누르세요."
    ),
    "aud.date.empty": "개봉일을 입력해 주세요. 예: 2023-05-31",
    "aud.date.format": (
        "“{text}”{text:은/는} 날짜로 읽을 수 없어요. "
        "2023-05-31, 2023.5.31, 2023년 5월 31일, 5/31 처럼 입력해 주세요."
    ),
    "aud.date.impossible": "“{text}”{text:은/는} 없는 날짜예요. 월과 일을 확인해 주세요.",
    "aud.date.too_early": (
        "데이터가 2003년부터라서 “{text}”{text:은/는} 쓸 수 없어요. "
        "2003년 이후 날짜를 입력해 주세요."
    ),
    "aud.date.too_late": (
        "“{text}”{text:은/는} 3년도 더 뒤예요. 3년 이내 개봉작만 예측할 수 있어요."
    ),
    "aud.screens.empty": "스크린 수를 입력해 주세요. 예: 800",
    "aud.screens.not_a_number": (
        "“{text}”{text:은/는} 스크린 수가 아니에요. 800처럼 정수로 입력해 주세요."
    ),
    "aud.screens.not_positive": (
        "개봉하려면 스크린이 1개 이상 필요해요. “{text}”{text:은/는} 쓸 수 없어요."
    ),
    "aud.screens.too_many": (
        "{text}개는 한국의 전체 스크린보다 많아요. 최대 {max}개까지 받을 수 있어요."
    ),
    "aud.tap_button": "버튼 중 하나를 눌러 주세요.",
    "aud.name.empty": "이름을 입력하거나 건너뛰기를 누르세요.",
    "aud.name.known": "✓ {name}: KOBIS 기록에 있어요.",
    "aud.name.new": (
        "“{name}”{name:은/는} 제가 가진 KOBIS 기록에 없어서 새 인물(흥행 이력 없음)로 볼게요."
    ),
    "aud.name.suggest": "“{name}”{name:을/를} 정확히는 모르겠어요. 혹시 이 중 하나인가요?",
    "aud.film.not_found": (
        "2023년 2월까지의 KOBIS 개봉작에서 “{query}”{query:을/를} 찾지 못했어요. 한글 제목(예: "
        "범죄도시2)을 확인하거나 새 개봉작을 눌러 직접 알려 주세요."
    ),
    "aud.film.pick": "어떤 영화인가요?",
    "aud.need_text": "답을 입력하거나 버튼을 눌러 주세요.",
    "aud.cancelled": "그만할게요. /audience 로 다시 시작할 수 있어요.",
    "aud.result.title": "🎟 <b>예상 전국 관객 수</b>",
    "aud.result.film": "<b>{title}</b>, {date} 개봉",
    "aud.result.point": "<b>{audience}</b> (80% 범위 {low} – {high})",
    "aud.result.actual": "실제 관객 수(KOBIS): <b>{actual}</b>",
    "aud.result.in_sample": "<i>이 영화는 모델 학습에 쓰였으므로 예측이 아니라 적합값이에요.</i>",
    "aud.result.partial": (
        "<i>2023년 3월 기준 집계: 그때 상영 중이던 영화는 일부만 집계됐어요.</i>"
    ),
    "aud.result.likely": "가장 가능성 높은 구간: {bin} ({percent}%)",
    "aud.result.factors": "예측을 가장 크게 움직인 요인:",
    "aud.result.factor": "• {name}: {effect}",
    "aud.result.extrapolated": (
        "<i>학습 데이터가 끝난 {date} 이후 개봉이에요. 최신 데이터의 스크린 수준을 그대로 "
        "적용한 예측이에요.</i>"
    ),
    "aud.result.note": (
        "<i>스크린 50개 초과 KOBIS 개봉작으로 학습한 모델의 추정이에요. 보장이 아니에요.</i>"
    ),
    "aud.chart_title": "관객 수 구간별 확률",
    "aud.people": "{count}명",
    "aud.summary.screens": "스크린 {screens}개",
    "aud.summary.new": "{name} (새 인물)",
    "aud.genre.드라마": "드라마",
    "aud.genre.애니메이션": "애니메이션",
    "aud.genre.액션": "액션",
    "aud.genre.코미디": "코미디",
    "aud.genre.멜로/로맨스": "멜로/로맨스",
    "aud.genre.공포(호러)": "공포(호러)",
    "aud.genre.범죄": "범죄",
    "aud.genre.스릴러": "스릴러",
    "aud.genre.다큐멘터리": "다큐멘터리",
    "aud.genre.미스터리": "미스터리",
    "aud.genre.SF": "SF",
    "aud.genre.판타지": "판타지",
    "aud.genre.어드벤처": "어드벤처",
    "aud.genre.사극": "사극",
    "aud.genre.가족": "가족",
    "aud.genre.공연": "공연",
    "aud.genre.전쟁": "전쟁",
    "aud.genre.뮤지컬": "뮤지컬",
    "aud.genre.서부극(웨스턴)": "서부극(웨스턴)",
    "aud.genre.성인물(에로)": "성인물(에로)",
    "aud.genre.기타": "기타",
    "aud.rating.전체관람가": "전체관람가",
    "aud.rating.12세관람가": "12세관람가",
    "aud.rating.15세관람가": "15세관람가",
    "aud.rating.청소년관람불가": "청소년관람불가",
    "aud.nationality.미국": "미국",
    "aud.nationality.한국": "한국",
    "aud.nationality.일본": "일본",
    "aud.nationality.영국": "영국",
    "aud.nationality.프랑스": "프랑스",
    "aud.nationality.중국": "중국",
    "aud.nationality.독일": "독일",
    "aud.nationality.기타": "기타",
    "aud.bin.0": "1만 미만",
    "aud.bin.1": "1만–10만",
    "aud.bin.2": "10만–100만",
    "aud.bin.3": "100만–150만",
    "aud.bin.4": "150만–300만",
    "aud.bin.5": "300만–500만",
    "aud.bin.6": "500만 이상",
    "aud.factor.screens": "스크린 수",
    "aud.factor.genre": "장르",
    "aud.factor.rating": "등급",
    "aud.factor.nationality": "제작 국가",
    "aud.factor.independent": "독립/예술영화",
    "aud.factor.release_month": "개봉 시기",
    "aud.factor.release_year": "코로나 시기(2020–22)",
    "aud.factor.director": "감독 흥행 이력",
    "aud.factor.distributor": "배급사 흥행 이력",
    "aud.factor.actors": "주연 배우 흥행 이력",
}
