"""Texts of the ost handlers, Korean (``KO``) and English (``EN``), keyed by message id."""

KO: dict[str, str] = {
    "ost.intro": (
        "🎵 <b>이 노래는 어떤 영화 장르에 어울릴까요?</b>\n다음 중 하나를 보내 주세요.\n• 노래 "
        "제목, 또는 <i>제목 - 가수</i>: <code>좋은 날 아이유</code>, <code>Someone Like You - "
        "Adele</code>\n• 60초 이하의 음성 메시지나 오디오 파일(OGG, MP3, WAV, FLAC): 템포와 "
        "음량은 제가 재고, 나머지는 버튼으로 물어볼게요.\n• 오디오 특성을 한 줄로, 순서는 자유: "
        "<code>에너지 80 밝기 30 템포 120 댄스 50 음량 -6 어쿠스틱 10</code> (0–1 또는 0–100, "
        "음량은 dB, 템포는 분당 박자 수)\n• 또는 <b>하나씩 입력</b>을 누르면 특성을 하나씩 "
        "물어볼게요."
    ),
    "ost.button.form": "🎛 하나씩 입력",
    "ost.button.again": "🎵 다른 노래",
    "ost.button.back": "◀ 이전",
    "ost.button.cancel": "✖ 취소",
    "ost.ask": (
        "🎛 <b>{name}</b> ({step}/{total})\n{about}\n값을 누르거나 직접 입력해 주세요 ({range})."
    ),
    "ost.about.danceability": "춤추기에 얼마나 좋은지예요. 0이면 전혀 아니고, 100이면 아주 좋아요.",
    "ost.about.energy": "얼마나 강렬하고 활기찬지예요. 0이면 잔잔하고, 100이면 강렬해요.",
    "ost.about.loudness": "평균 음량(dB)이에요. −30 정도면 아주 조용하고, −5면 커요.",
    "ost.about.acousticness": "어쿠스틱한 정도예요. 0이면 전자음, 100이면 어쿠스틱이에요.",
    "ost.about.valence": (
        "분위기가 얼마나 밝은지예요. 0이면 슬프거나 어둡고, 100이면 밝고 행복해요."
    ),
    "ost.about.tempo": (
        "1분에 몇 박인지(분당 박자 수)예요. 70이면 느리고, 120이면 보통, 160이면 빨라요."
    ),
    "ost.range.percent": "0–100, 또는 스포티파이처럼 0–1",
    "ost.range.db": "−60~3 dB",
    "ost.range.bpm": "분당 30–250박",
    "ost.range.mode": "장조 또는 단조",
    "ost.range.key": "C, F#, Bb 같은 조 (0–11)",
    "ost.range.seconds": "3:25 같은 길이, 최대 1시간",
    "ost.feature.danceability": "댄스 지수",
    "ost.feature.energy": "에너지",
    "ost.feature.loudness": "음량",
    "ost.feature.acousticness": "어쿠스틱",
    "ost.feature.valence": "밝기(분위기)",
    "ost.feature.tempo": "템포(BPM)",
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
    "ost.ignored": "쓰지 않은 말이 있어요: {words}.",
    "ost.not_a_value": "<b>{name}</b> 값을 숫자로 보내 주세요 ({range}). 버튼을 눌러도 돼요.",
    "ost.pick_song": "어떤 노래인가요? 눌러서 고르거나, 제목과 가수를 함께 입력해 주세요.",
    "ost.not_found": (
        "오프라인 노래 목록에서 “{query}”{query:을/를} 찾지 못했고, 오디오 특성으로도 읽히지 "
        "않아요.\n제목(<code>좋은 날 아이유</code>, <code>Bad Guy - Billie Eilish</code>)이나 "
        "특성(<code>에너지 80 밝기 30 템포 120 댄스 50 음량 -6 어쿠스틱 10</code>)을 보내 주세요."
    ),
    "ost.need_text": (
        "노래 제목이나 오디오 특성을 글자로 보내거나, 60초 이하의 음성 메시지나 오디오 파일을 "
        "보내 주세요. 이건 여기서 쓸 수 없어요."
    ),
    "ost.cancelled": "그만할게요. 다른 노래로 다시 하기: /ost",
    "ost.result.title": "🎵 <b>이 노래에 어울리는 영화 장르</b>",
    "ost.result.track": "“{title}” — {artist}",
    "ost.result.soundtrack": "{film} 사운드트랙 수록곡이에요 ({genres}).",
    "ost.result.similar": "🎬 이런 분위기의 영화: {films}",
    "ost.result.line": "{rank}. <b>{genre}</b> — 적합도 {fit} (보통 곡 {typical})",
    "ost.result.nothing_stands_out": (
        "두드러지게 어울리는 장르는 없어요. 이 특성만으로는 평범한 사운드트랙 곡처럼 들려요."
    ),
    "ost.result.closest": (
        "가장 가까운 장르: <b>{genre}</b> — 적합도 {fit} (보통 곡 {typical})"
    ),
    "ost.result.features": "특성: {features}",
    "ost.result.assumed": "입력하지 않은 {names}{names:은/는} 보통 값으로 봤어요.",
    "ost.result.note": (
        "<i>적합도 = 이 노래를 쓴 영화가 그 장르일 보정된 확률(0–100)이에요. 순위는 보통 "
        "사운드트랙 곡보다 얼마나 두드러지는지로 매기고, 그래프는 적합도 순이에요. 오디오 "
        "특성만으로는 신호가 약하니 참고로만 보세요.</i>"
    ),
    "ost.chart_title": "장르 적합도 · 주황 = 위에 적은 장르 · 검은 선 = 보통 곡",
    "ost.chart_unit": "적합도 0–100",
    "ost.unit.db": " dB",
    "ost.unit.bpm": "",
    "ost.result.measured": "🎙 {names}{names:은/는} 클립에서 잰 값이에요.",
    "ost.audio.measured": (
        "🎙 클립({seconds}초)에서 쟀어요: 템포 분당 {tempo}박, 음량 {loudness} LUFS(국제 표준 "
        "ITU-R BS.1770으로 잰 평균 음량). 나머지 특성은 들어 보고 골라 주세요. 측정값이 틀리면 "
        "<code>템포 95</code>처럼 입력해서 고칠 수 있어요."
    ),
    "ost.audio.voice_note": (
        "음성 메시지는 녹음된 소리 그대로 재서, 음량이 원곡보다 작게 나올 수 있어요."
    ),
    "ost.audio.too_large": (
        "파일이 20MB를 넘어서 받을 수 없어요. 60초 이하로 자른 클립을 보내 주세요."
    ),
    "ost.audio.too_long": "60초 이하의 클립만 잴 수 있어요. 60초 이하로 잘라서 보내 주세요.",
    "ost.audio.too_short": "클립이 너무 짧아요. 템포를 재려면 2초 이상 필요해요.",
    "ost.audio.silent": "클립이 거의 조용해서 잴 수 없어요. 음악이 들리게 다시 보내 주세요.",
    "ost.audio.unsupported": (
        "{format} 형식은 열 수 없어요. OGG/Opus(음성 메시지), MP3, WAV, FLAC 파일을 보내 주세요."
    ),
    "ost.audio.not_audio": (
        "오디오 파일로 읽히지 않아요. OGG/Opus(음성 메시지), MP3, WAV, FLAC 파일을 보내 주세요."
    ),
    "ost.audio.damaged": (
        "오디오 파일이 손상됐거나 끝까지 읽히지 않아요. 파일을 확인하고 다시 보내 주세요."
    ),
    "ost.audio.download_failed": "파일을 받지 못했어요. 잠시 뒤에 다시 보내 주세요.",
    "ost.error.model": "죄송해요, 지금은 이 노래를 분석하지 못했어요. 다시 시도해 주세요.",
}

EN: dict[str, str] = {
    "ost.intro": (
        "🎵 <b>Which film genres suit a song?</b>\nSend me one of these:\n• a song title, or "
        "<i>title - artist</i>: <code>Someone Like You - Adele</code>, <code>좋은 날 "
        "아이유</code>\n• a voice note or audio file of up to 60 seconds (OGG, MP3, WAV, FLAC): "
        "I measure its tempo and loudness and ask the rest with buttons\n• its audio features in "
        "one line, in any order: <code>energy 0.8 valence 0.3 tempo 120 danceability 0.5 "
        "loudness -6 acousticness 0.1</code> (0–1 or 0–100; loudness in dB, tempo in BPM)\n• or "
        "tap <b>Step by step</b> and I'll ask for each feature."
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
        "I couldn't find a song called “{query}” in my offline song table, and it doesn't read "
        "as audio features either.\nTry a title (<code>Dancing Queen</code>, <code>Bad Guy - "
        "Billie Eilish</code>) or features: <code>energy 0.8 valence 0.3 tempo 120 danceability "
        "0.5 loudness -6 acousticness 0.1</code>"
    ),
    "ost.need_text": (
        "Please type a song title or its audio features, or send a voice note or audio file of "
        "up to 60 seconds; I can't use this here."
    ),
    "ost.cancelled": "OK, stopped. Send /ost to try another song.",
    "ost.result.title": "🎵 <b>Film genres for this song</b>",
    "ost.result.track": "“{title}” — {artist}",
    "ost.result.soundtrack": "On the soundtrack of {film} ({genres}).",
    "ost.result.similar": "🎬 Films like this: {films}",
    "ost.result.line": "{rank}. <b>{genre}</b> — fit {fit} (typical track {typical})",
    "ost.result.nothing_stands_out": (
        "No genre stands out: to these features the song sounds like a typical soundtrack track."
    ),
    "ost.result.closest": "Closest: <b>{genre}</b> — fit {fit} (typical track {typical})",
    "ost.result.features": "Features: {features}",
    "ost.result.assumed": "Not given, taken as typical: {names}.",
    "ost.result.note": (
        "<i>Fit = calibrated chance (0–100) that a film using this song has the genre. Genres "
        "are ranked by how much the song stands out from a typical soundtrack track; the chart "
        "is in order of fit. Audio features are a weak signal: read these as hints.</i>"
    ),
    "ost.chart_title": "Genre fit · orange = listed above · black line = typical track",
    "ost.chart_unit": "fit 0–100",
    "ost.unit.db": " dB",
    "ost.unit.bpm": " BPM",
    "ost.result.measured": "🎙 Measured from your clip: {names}.",
    "ost.audio.measured": (
        "🎙 Measured from your clip ({seconds} s): tempo {tempo} BPM, loudness {loudness} LUFS "
        "(ITU-R BS.1770). The other features need your ear: tap or type them. If a measurement "
        "is off, type e.g. <code>tempo 95</code>."
    ),
    "ost.audio.voice_note": (
        "A voice note is measured as recorded, so its loudness is usually below the release's."
    ),
    "ost.audio.too_large": (
        "That file is over 20 MB, more than a bot can download. Please send a clip of up to 60 "
        "seconds."
    ),
    "ost.audio.too_long": (
        "I can only measure clips of up to 60 seconds. Please send a shorter one."
    ),
    "ost.audio.too_short": "That clip is too short: a tempo needs at least 2 seconds.",
    "ost.audio.silent": "That clip is nearly silent, so there is nothing to measure.",
    "ost.audio.unsupported": (
        "I can't open {format} files. Please send OGG/Opus (a voice note), MP3, WAV or FLAC."
    ),
    "ost.audio.not_audio": (
        "That doesn't read as an audio file. Please send OGG/Opus (a voice note), MP3, WAV or "
        "FLAC."
    ),
    "ost.audio.damaged": (
        "That audio file is damaged or cut short. Please check it and send it again."
    ),
    "ost.audio.download_failed": "I couldn't download that file. Please send it again shortly.",
    "ost.error.model": "Sorry, I couldn't score that song just now. Please try again.",
}
