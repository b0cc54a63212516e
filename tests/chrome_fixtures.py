"""Invented articles of one invented outlet for the learned-chrome tests (written for this project)."""

PLACES = ["রংপুর", "খুলনা", "বরিশাল", "সিলেট", "কুমিল্লা", "রাজশাহী", "দিনাজপুর", "নোয়াখালী", "যশোর", "পাবনা"]
SUBJECTS = ["ধানক্ষেত", "সেতু", "বিদ্যালয়", "হাসপাতাল", "বাজার", "খেয়াঘাট", "রাস্তা", "মেলা", "গ্রন্থাগার", "কারখানা"]
PEOPLE = [
    "রহিমা বেগম",
    "করিম উদ্দিন",
    "সুমন দাস",
    "নাসরিন আক্তার",
    "জামাল হোসেন",
    "শিপ্রা রায়",
    "তানভীর আহমেদ",
    "মৌসুমী সরকার",
    "আবুল কাশেম",
    "রুবিনা ইয়াসমিন",
]

# The outlet's furniture: an app link (with a word found nowhere else) and a follow line.
CHROME_APP = "নতুনখবর অ্যাপ নামাতে এখানে চাপুন ঝলমলশব্দ"
CHROME_FOLLOW = "আমাদের ফেসবুক পাতায় যুক্ত থাকুন"
# A genuine sentence two stories share: too rare to be chrome.
SHARED_SENTENCE = "বৃষ্টির কারণে অনুষ্ঠান এক দিন পিছিয়ে গেছে।"
# A sentence three reports of one event repeat: the story's, not the site's.
RETOLD = "ভাঙনে গৃহহীন পরিবারগুলো নদীর বাঁধে আশ্রয় নিয়েছে।"


def story(i):
    place, subject, person = PLACES[i], SUBJECTS[i], PEOPLE[i]
    return [
        f"{place} শহরে নতুন {subject} চালু হয়েছে, এলাকার মানুষ এতে খুশি।",
        f"{subject} তৈরির কাজ {i + 3} মাস ধরে চলেছে বলে জানান {person}।",
        f"{person} বলেন, {place} এলাকার {subject} নিয়ে অনেক দিনের দাবি পূরণ হলো।",
    ]


def erosion(i):
    villages = ["চরপাড়া", "কাশিমপুর", "দক্ষিণ চর"][i]
    officers = ["ইউএনও মাহবুব আলম", "চেয়ারম্যান হারুন মিয়া", "পানি উন্নয়ন বোর্ডের প্রকৌশলী"][i]
    return [
        f"পদ্মার ভাঙনে {villages} গ্রামের ঘরবাড়ি নদীতে বিলীন হয়েছে।",
        RETOLD,
        f"{officers} জানান, ভাঙন ঠেকাতে বাঁধ মেরামতের কাজ শুরু হবে এবং গৃহহীন পরিবারগুলো ত্রাণ পাবে।",
    ]


def bodies():
    """{key: body}: ten stories, eight with the app line and six with the follow line at the end, two
    sharing a genuine sentence, and three reports of one erosion repeating a sentence of the story."""
    out = {}
    for i in range(10):
        paragraphs = story(i)
        if i in (2, 5):
            paragraphs.insert(1, SHARED_SENTENCE)
        if i < 8:
            paragraphs.append(CHROME_APP)
        if i >= 4:
            paragraphs.append(CHROME_FOLLOW)
        out[f"story-{i}"] = "\n\n".join(paragraphs)
    for i in range(3):
        out[f"erosion-{i}"] = "\n\n".join(erosion(i))
    return out


def rows(outlet="Notun Khobor", prefix="https://notunkhobor.example/news/"):
    """The same articles as JSON rows for import_articles."""
    return [
        {
            "title": f"শিরোনাম {key}",
            "body": body,
            "url": f"{prefix}{key}",
            "outlet": outlet,
            "published": "2026-11-20",
        }
        for key, body in bodies().items()
    ]
