"""Moods as what films are about, not only their genres: 잔잔한, 여운이 남는, 반전, 비 오는 날 …

A genre filter reads "잔잔한 영화" as any drama and "힐링 영화" as any comedy, so 극한직업
and 검사외전 came back for "비 오는 날 보기 좋은 잔잔한 영화".  Here each mood the
understanding step reads (``inference.understanding.lexicon.MOODS``: the same ids) is
described twice over:

* ``texts`` — what such a film is like, in English and Korean; the film-content build embeds
  them with the plot encoder (``models/film_content/build.py``) and stores their mean as the
  mood's vector, so a film's plot is scored by its cosine to the mood;
* ``keywords`` — TMDB's tone and theme keywords that mark the mood ("comforting", "plot twist",
  "time loop", "terminal illness"), matched against each film's keywords (IDF-weighted);
* ``avoid`` — genres that break the mood (a calm or cozy evening is no horror film).

``FilmSpace.mood_scores`` mixes the plot and keyword cosines (z-scored) and pushes the avoided
genres down; the recommender adds it to a list's scores, so the user's taste still orders the
films that fit.  Validated on the judged mood films (data/recommender/judged/moods.csv) by
bench/similar_quality.py.  Changing a text means rebuilding data/film_content (a test checks the
stored vectors belong to these texts).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class MoodProfile:
    """How a mood shows in a film's plot, keywords and genres."""

    texts: tuple[str, ...]
    keywords: tuple[str, ...]
    avoid: tuple[str, ...] = ()


MOOD_PROFILES: dict[str, MoodProfile] = {
    "calm": MoodProfile(
        ("A quiet, gentle, slow-paced film about ordinary everyday life, small moments and "
         "the people we love.", "잔잔하고 조용한 일상의 이야기, 소소한 순간과 관계를 담은 영화"),
        ("calm", "relaxed", "meditative", "introspective", "reflective", "sincere", "familiar",
         "slice of life", "small town", "loneliness", "nostalgic", "melancholy",
         "family relationships", "countryside"),
        ("Horror", "Action", "War"),
    ),
    "feel_good": MoodProfile(
        ("A warm, heartwarming, uplifting feel-good story about kindness, friendship and "
         "family that leaves you happy.",
         "마음이 따뜻해지는 힐링 영화, 보고 나면 기분이 좋아지는 이야기"),
        ("hopeful", "comforting", "cheerful", "joyful", "inspirational", "feel-good",
         "friendship", "healing", "compassionate", "empathetic", "lighthearted",
         "unlikely friendship", "family"),
        ("Horror", "War"),
    ),
    "thoughtful": MoodProfile(
        ("A moving, thought-provoking film about love, loss and memory whose ending stays "
         "with you long after it is over.", "보고 나서도 오래 여운이 남는, 생각하게 만드는 영화"),
        ("thoughtful", "reflective", "introspective", "bittersweet", "melancholy",
         "philosophical", "grief", "memory", "loss of loved one", "tragic", "existentialism",
         "ambiguous ending", "meditative"),
    ),
    "twist": MoodProfile(
        ("A gripping mystery thriller with a shocking twist ending where nothing is what it "
         "seems.", "마지막에 충격적인 반전이 있는 미스터리 스릴러"),
        ("plot twist", "twist", "surprise ending", "unreliable narrator", "mysterious",
         "suspenseful", "mind game", "psychological thriller", "memory loss", "con artist",
         "ambiguous ending", "whodunit"),
    ),
    "killing_time": MoodProfile(
        ("A fun, fast-paced, entertaining popcorn movie full of action and laughs, easy to "
         "enjoy without thinking too much.",
         "생각 없이 가볍게 보기 좋은 재밌는 킬링타임 오락 영화"),
        ("action hero", "buddy cop", "heist", "excited", "exhilarated", "amused", "playful",
         "witty", "action comedy", "car chase", "audacious", "buddy comedy"),
    ),
    "romantic": MoodProfile(
        ("A sweet romantic love story about falling in love for the first time, full of "
         "butterflies.", "설레는 첫사랑과 달달한 연애 이야기"),
        ("romantic", "first love", "falling in love", "new love", "romance",
         "teenage romance", "summer romance", "high school romance", "love at first sight",
         "romantic comedy", "love"),
        ("Horror",),
    ),
    "scary": MoodProfile(
        ("A terrifying horror film with ghosts, demons, possession and jump scares.",
         "귀신과 악령이 나오는 소름 끼치게 무서운 공포 영화"),
        ("haunted house", "ghost", "demon", "demonic possession", "exorcism", "possession",
         "jump scare", "horrified", "zombie", "slasher", "supernatural horror", "tense",
         "psychological horror"),
        ("Comedy", "Children"),
    ),
    "rainy_day": MoodProfile(
        ("A melancholic, moody, emotional film for a rainy day about longing, memories and "
         "quiet love.", "비 오는 날 창가에서 보기 좋은 감성적이고 촉촉한 영화"),
        ("rain", "melancholy", "nostalgic", "loneliness", "romantic", "bittersweet",
         "sentimental", "gloomy", "reflective", "first love", "memory", "letter"),
        ("Horror", "Action"),
    ),
    "cozy": MoodProfile(
        ("A cozy, comforting, charming film to watch at home under a blanket, warm and "
         "lighthearted.", "담요 덮고 집에서 보기 좋은 포근하고 아늑한 영화"),
        ("comforting", "whimsical", "lighthearted", "cheerful", "christmas", "small town",
         "family", "friendship", "familiar", "sentimental", "holiday", "christmas romance"),
        ("Horror", "War", "Crime"),
    ),
    "mind_bending": MoodProfile(
        ("A mind-bending science fiction puzzle about dreams, time loops, memory and parallel "
         "realities that twists your brain.", "꿈, 시간, 기억을 넘나드는 머리가 복잡해지는 영화"),
        ("time loop", "time travel", "dream", "dreams", "parallel world", "parallel universe",
         "memory loss", "nonlinear timeline", "surrealism", "surreal", "mind game", "complex",
         "philosophical", "alternate reality", "simulated reality"),
    ),
    "sad": MoodProfile(
        ("A heartbreaking tearjerker about illness, death, sacrifice and loss that makes you "
         "cry.", "펑펑 울게 되는 슬프고 감동적인 영화"),
        ("tearjerker", "terminal illness", "cancer", "loss of loved one", "grief", "tragic",
         "melodramatic", "sentimental", "depressing", "death of father", "death of mother",
         "death of wife", "death of husband", "self sacrifice"),
        ("Horror",),
    ),
    "funny": MoodProfile(
        ("A hilarious comedy full of laughs and silly situations.", "빵 터지는 웃긴 코미디 영화"),
        ("amused", "absurd", "witty", "playful", "slapstick comedy", "buddy comedy", "parody",
         "satire", "cheerful", "dark comedy", "spoof"),
        ("Horror",),
    ),
    "exciting": MoodProfile(
        ("A thrilling, adrenaline-pumping action adventure with intense chases and fights.",
         "손에 땀을 쥐게 하는 짜릿하고 박진감 넘치는 액션 영화"),
        ("action hero", "intense", "exhilarated", "excited", "suspenseful", "car chase",
         "heist", "martial arts", "audacious", "tense", "explosion"),
    ),
}


def profiles_digest() -> str:
    """sha256 of every mood's texts: the film-content build records it, and the vectors it
    stored are refused when these texts have changed since."""
    joined = "\n".join(f"{mood}\t" + "\t".join(profile.texts)
                       for mood, profile in sorted(MOOD_PROFILES.items()))  # fmt: skip
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()


def song_mood(features: dict[str, float]) -> str | None:
    """The film mood a song's audio features suggest (valence, energy and acousticness on the
    OST model's 0–100 scale, as the /ost form stores them): films "like this song" share its
    feeling, not only its genres.  None when the song lacks valence or energy.

    (Until issue 25 the thresholds below were compared with 0–100 values as if they were
    Spotify's 0–1, so nearly every song read as "killing_time".)"""
    if features.get("valence") is None or features.get("energy") is None:
        return None
    valence, energy = features["valence"] / 100.0, features["energy"] / 100.0
    acoustic = features.get("acousticness", 0.0) / 100.0
    if valence >= 0.5:
        return "killing_time" if energy >= 0.6 else ("cozy" if acoustic >= 0.5 else "feel_good")
    if energy >= 0.7:
        return "exciting"
    return "rainy_day" if acoustic >= 0.5 else "thoughtful"
