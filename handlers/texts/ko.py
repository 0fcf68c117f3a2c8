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
        "/profile 로 확인·수정하고, /help 로 할 수 있는 일을 볼 수 있어요."
    ),
    "button.start_over": "🔄 처음부터 다시 설정",
    "onboarding.ask_age": "나이가 어떻게 되세요? 숫자로 입력해 주세요. 예: <code>27</code>",
    "onboarding.ask_gender": "성별을 선택해 주세요.",
    "onboarding.ask_subscriptions": (
        "구독 중인 OTT를 모두 눌러 선택한 뒤 <b>완료</b>를 눌러 주세요."
    ),
    "onboarding.done": (
        "✅ 설정 완료!\n{summary}\n\n"
        "/profile 에서 언제든 바꿀 수 있어요. /help 로 할 수 있는 일을 확인하세요."
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
        "/start — 프로필 설정 (언어, 나이, 성별, 구독 OTT)\n"
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
    "error.media": "여기서는 사진이나 파일을 사용할 수 없어요. /help 를 참고하세요.",
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
}
