"""Korean texts shared by every capability (commands, errors, genres, help)."""

MESSAGES: dict[str, str] = {
    "language.name": "한국어",
    "button.start_over": "🔄 처음부터 다시 설정",
    "help.text": (
        "<b>CineMate</b>는 영화 고르기를 도와드려요.\n\n/start — 프로필 설정 (언어, 나이, 성별, "
        "좋아하는 영화, 구독 OTT)\n/recommend — 맞춤 영화 추천과 볼 수 있는 곳 (👍 👎 로 다음 "
        "추천이 바뀌어요)\n/where 제목 — 어디서 볼 수 있는지 (“Toy Story 어디서 봐”처럼 물어봐도 "
        "돼요)\n/favorites — 좋아하는 영화 보기·추가·삭제\n/watchlist — 나중에 볼 영화\n🎨 "
        "포스터 보내기 (사진이나 이미지 파일) — 장르 추측과 내 취향과 맞는 정도\n/ost — "
        "노래(제목이나 오디오 특성)에 어울리는 영화 장르\n/audience — 한국 개봉작 관객 수 예측 "
        "(아는 영화는 실제 관객 수와 비교)\n/profile — 프로필 보기·수정\n/lang — 한국어/영어 "
        "전환\n/forget — 저장된 내 정보 모두 삭제\n/cancel — 진행 중인 단계 취소\n/help — 이 "
        "도움말"
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
    "error.slow_down": "⏳ 짧은 시간에 요청이 너무 많아요. {seconds}초 뒤에 다시 시도해 주세요.",
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
    "commands.audience": "한국 개봉작 관객 수 예측",
}
