"""Texts of the poster handlers, Korean (``KO``) and English (``EN``), keyed by message id."""

KO: dict[str, str] = {
    "poster.title": "🎨 <b>포스터로 본 장르 추측</b>",
    "poster.ranked_by": "<i>보통 포스터보다 두드러지는 장르부터 보여 드려요.</i>",
    "poster.line": "{rank}. {genre} — {percent}% <i>(보통 포스터는 {base}%)</i>",
    "poster.not_a_poster": (
        "🤔 <b>이 사진은 영화 포스터 같지 않아요.</b> 포스터가 잘 보이게 찍은 사진이나 포스터 "
        "이미지를 보내 주시면 더 정확하게 알려 드릴게요."
    ),
    "poster.unsure": "그래도 골라 보자면 {genre}{genre:이/가} 가장 가깝지만, 확실하지 않아요.",
    "poster.line_unsure": "{rank}. {genre}? — {percent}% <i>(확실하지 않아요)</i>",
    "poster.taste": "💛 내 취향과 맞는 정도: <b>{percent}%</b> (좋아하는 영화들의 장르 기준)",
    "poster.no_taste": (
        "좋아하는 영화를 추가하면(/favorites) 내 취향과 얼마나 맞는지도 알려 드려요."
    ),
    "poster.chart_note": (
        "<i>그래프는 모든 장르의 확률이에요. 검은 선은 보통 포스터의 비율이고, 주황색 막대는 "
        "위에 적은 장르예요.</i>"
    ),
    "poster.chart_title": "장르별 확률 · 주황 = 위에 적은 장르 · 검은 선 = 보통 포스터",
    "poster.chart_unit": "확률",
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
}

EN: dict[str, str] = {
    "poster.title": "🎨 <b>Genre guesses from the poster</b>",
    "poster.ranked_by": (
        "<i>Genres this poster suggests more than a typical poster does, first.</i>"
    ),
    "poster.line": "{rank}. {genre} — {percent}% <i>(typical poster: {base}%)</i>",
    "poster.not_a_poster": (
        "🤔 <b>This doesn't look like a film poster.</b> Send a photo where the poster is "
        "clearly visible, or the poster image itself, for a better guess."
    ),
    "poster.unsure": "If I had to pick, {genre} comes closest, but I'm not sure.",
    "poster.line_unsure": "{rank}. {genre}? — {percent}% <i>(unsure)</i>",
    "poster.taste": (
        "💛 Suits your taste: <b>{percent}%</b> (from the genres of your favourite films)"
    ),
    "poster.no_taste": (
        "Add favourite films with /favorites and I'll also say how well it suits you."
    ),
    "poster.chart_note": (
        "<i>The chart shows every genre's probability; the black line is a typical poster's "
        "share, and the orange bars are the genres listed above.</i>"
    ),
    "poster.chart_title": (
        "Genre probabilities · orange = listed above · black line = typical poster"
    ),
    "poster.chart_unit": "chance",
    "poster.too_large": "That file is too big. Please send an image under 20 MB.",
    "poster.too_many_pixels": (
        "That image has too many pixels (the limit is 40 megapixels). Please send a smaller one."
    ),
    "poster.unsupported": (
        "I can read posters as JPEG, PNG or WebP images; this file is none of those. Send the "
        "poster as a photo or as one of those files."
    ),
    "poster.corrupt": "I couldn't open that image — the file seems damaged. Try another one.",
    "poster.too_small": "That image is too small to read. Send a poster at least 32 pixels wide.",
    "poster.download_failed": "I couldn't download that file from Telegram. Please send it again.",
}
