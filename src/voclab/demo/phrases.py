"""The phrase bank customers' texts are assembled from: theme sentences by sentiment, plus the pieces around them.

Every sentence of a theme matches that theme's keyword pattern (see :data:`THEMES`), and no sentence of any
other theme — nor any opener, closer, reply or slot value — matches an *exclusive* theme's pattern, so that
mention rates counted with the patterns are exactly what the generator planted. ``{slot}`` placeholders are
filled by :class:`voclab.demo.text.Voice`.

Example
-------
>>> import re
>>> all(re.search(THEMES["billing_errors"].pattern, s, re.I) for s in THEMES["billing_errors"].negative)
True
>>> sorted(EXCLUSIVE)
['account_access', 'billing_errors', 'dark_mode', 'onboarding', 'sync_bug']
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "CLOSERS",
    "EMOJI",
    "EXCLUSIVE",
    "GENERIC",
    "GREETINGS",
    "HEDGE_PREFIXES",
    "HEDGE_SUFFIXES",
    "OPENERS",
    "REPLIES",
    "SIGNOFFS",
    "SLOTS",
    "STAFF_REPLIES",
    "THEMES",
    "TYPOS",
    "Theme",
]


@dataclass(frozen=True)
class Theme:
    """A theme: a label, the regex (case-insensitive) that finds its mentions, and sentences by sentiment."""

    label: str
    pattern: str
    negative: tuple[str, ...]
    positive: tuple[str, ...] = ()
    subjects: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()


THEMES: dict[str, Theme] = {
    "billing_errors": Theme(
        "Billing errors",
        r"\b(?:bill(?:ed|ing|s)?|invoic\w*|overcharg\w*|double[- ]?charg\w*|charged (?:me |us )?twice)\b",
        (
            "I've been billed twice for {month} and nobody seems to notice.",
            "Third invoice in a row with the wrong amount on it.",
            "The billing is a mess - we got overcharged {amount} again.",
            "Why was I charged twice this month??",
            "Invoices keep showing a plan we cancelled back in {month}.",
            "Every few months there's a billing mistake and I have to chase a refund.",
            "got double charged AGAIN",
            "Billing errors are honestly the reason we're looking around.",
            "Our invoice had {n} seats we never used, took {weeks} weeks to sort out.",
            "please fix the billing, I spend more time checking invoices than using the product",
            "Overcharged on the renewal, still waiting on the credit note.",
            "The invoices are wrong more often than they're right.",
            "I don't mind paying, I mind being billed for things we never ordered.",
            "billing team doesn't answer emails and the invoice is still wrong",
            "They charged us twice in {month} and the refund took {weeks} weeks.",
            "Something is broken in your billing system, {amount} extra on the last invoice.",
            "We were invoiced for the old plan AND the new one.",
            "Not a single correct invoice since {month}, not one.",
            "The card got billed on the wrong date, which bounced our other payments.",
            "Sales tax on the invoice is wrong again, our accountant is losing patience.",
        ),
        (
            "Billing has been spot on since they moved us to the new invoice format.",
            "The billing portal is clear and the invoices are easy to read.",
            "No billing surprises, which I appreciate.",
            "Invoices arrive on time and match the quote.",
        ),
        (
            "Charged twice for {month}",
            "Wrong amount on invoice",
            "Invoice shows cancelled plan",
            "Overcharged on renewal",
            "Billing error - refund needed",
            "Double charge on card",
            "Invoice {order} incorrect",
            "Tax on invoice wrong",
        ),
        (
            "Anyone else getting billed twice?",
            "Invoice shows the wrong plan - how do I get this fixed?",
            "Overcharged after switching plans?",
            "Is the billing page broken for anyone else?",
        ),
    ),
    "account_access": Theme(
        "Account access",
        r"\b(?:password|passwd|locked (?:me )?out|lock(?:s|ed)? me out|log ?in|login|logging in|2fa|two[- ]factor"
        r"|verification code|reset link)\b",
        (
            "I can't log in since the update this morning.",
            "The password reset link never arrives, checked spam too.",
            "Locked out of my account after {n} attempts, need access today.",
            "The 2FA code never comes through to my phone.",
            "The verification code expires before the email even arrives.",
            "Login page just spins and then goes blank.",
            "My manager changed the password and now none of us can get in.",
            "Two-factor keeps asking for a code from a phone I no longer have.",
            "It says my password is wrong but I reset it {n} minutes ago.",
            "Staff accounts got locked out overnight, we can't open the till.",
            "The reset link says it has expired every single time.",
            "Can't get past the login screen on the {device}.",
            "I need to move the 2FA to a new phone, how do I do that?",
            "Logging in with Google worked yesterday, today it throws an error.",
        ),
        (),
        (
            "Can't log in",
            "Password reset email not arriving",
            "Locked out of account",
            "2FA code not received",
            "Login error on {device}",
            "Verification code expired",
            "Need to reset 2FA",
        ),
        (
            "Password reset email never arrives?",
            "Locked out after changing phones - 2FA help?",
            "Login loop on the {device}?",
        ),
    ),
    "sync_bug": Theme(
        "Sync failures",
        r"\bsync\w*\b",
        (
            "The app stopped syncing with the web dashboard.",
            "Sync fails every time the {device} goes offline and back.",
            "Stock counts don't sync between my {device} and the laptop.",
            "sync error 409 again, third time this week",
            "Half my orders never synced overnight.",
            "Syncing takes forever and then duplicates items.",
            "Changes I make on the {device} never sync back, so the counts are always off.",
            "Every morning I have to force a sync before opening.",
            "The sync keeps failing with 'conflict detected' and no way to fix it.",
            "Lost {n} hours of stocktake because it never synced.",
            "Since the update nothing syncs unless I log out and back in.",
            "Sync is broken on the {device}, the web version is fine.",
        ),
        (),
        (
            "Sync error 409",
            "Items not syncing between devices",
            "Orders did not sync overnight",
            "Sync conflict detected",
            "Duplicate items after sync",
        ),
        (
            "Sync error 409 - anyone found a workaround?",
            "Stock not syncing between {device} and web?",
            "Sync duplicates items - known issue?",
            "Is syncing broken for everyone since the update?",
        ),
    ),
    "dark_mode": Theme(
        "Dark mode request",
        r"\bdark[- ]?(?:mode|theme)\b",
        (
            "Please add a dark mode, my eyes are begging.",
            "Still no dark mode in 2025? come on",
            "dark theme when??",
            "Would love a dark mode for late-night stocktakes.",
            "The only thing missing is dark mode tbh.",
            "Dark mode please 🙏",
            "Everyone else has a dark theme by now.",
            "I'd pay extra for dark mode, no joke.",
            "Begging you for dark mode. Begging.",
            "Is dark mode on the roadmap or not?",
            "That white screen at 6am is brutal, give us a dark mode.",
            "Dark mode would make this perfect.",
            "How is there still no dark-mode toggle",
            "My whole team wants a dark theme, just saying.",
        ),
        (
            "The new dark mode beta looks great, more please.",
            "Dark mode is the one wish left on my list and I'm patient.",
        ),
        (),
        (
            "Feature request: dark mode",
            "Dark mode - any news?",
            "Dark theme for the mobile app?",
            "Vote here for dark mode",
        ),
    ),
    "onboarding": Theme(
        "Onboarding",
        r"\b(?:on-?boarding|set ?up|getting started|training)\b",
        (
            "Onboarding was rushed, nobody showed us the reporting side.",
            "The setup took our team {weeks} weeks longer than promised.",
            "Getting started was a struggle, we needed {n} calls.",
            "Nobody explained the basics during onboarding.",
            "The training videos are out of date.",
        ),
        (
            "Onboarding was excellent, {agent} walked us through everything.",
            "Setup was painless, we were live in a day.",
            "The training sessions were genuinely useful.",
            "Getting started was quick thanks to the checklist.",
        ),
        (
            "Help with initial setup",
            "Onboarding call request",
            "Training for new staff",
        ),
        (
            "Best way to set up locations?",
            "Getting started checklist - what did I miss?",
        ),
    ),
    "price_value": Theme(
        "Price and value",
        r"\b(?:price[sd]?|pricing|pricey|expensive|cost\w*|value for money|cheap\w*|afford\w*)\b",
        (
            "It's getting pricey for what it does.",
            "Too expensive for a shop our size.",
            "The price went up {pct}% and nothing changed.",
            "Not exactly cheap, is it.",
            "Honestly the pricing feels steep compared to {competitor}.",
            "Value for money isn't what it was.",
            "We're paying premium prices for basic features.",
            "Hard to justify the cost when {competitor} does the same for less.",
            "The new pricing tiers are confusing and more expensive.",
            "Can barely afford it after the last increase.",
            "Costs keep creeping up every year.",
            "Wish it were cheaper for tiny shops like mine.",
        ),
        (
            "Good value for money.",
            "Not cheap but worth it.",
            "Pricing is fair for what you get.",
            "Can't complain about the price.",
            "The price is not bad at all.",
            "Cheaper than hiring someone to count stock, that's for sure.",
            "Worth the cost for the time it saves us.",
            "For the price it's a no-brainer.",
        ),
    ),
    "reliability": Theme(
        "Reliability",
        r"\b(?:crash\w*|bugs?|buggy|outages?|downtime|glitch\w*|freez\w*|unstable|reliab\w*)\b",
        (
            "The app crashes whenever I scan more than {n} items.",
            "Another outage this morning, second one this month.",
            "Buggy since the last update.",
            "Reports freeze on large exports.",
            "Too many glitches for a paid product.",
            "It crashed in the middle of a busy Saturday.",
            "Downtime during opening hours is not acceptable.",
            "Every release brings a new bug.",
            "The scanner screen freezes and I have to restart the {device}.",
            "Feels unstable lately.",
        ),
        (
            "Rock solid, haven't seen a crash in months.",
            "Very reliable, no downtime that I noticed.",
            "Never had a bug that mattered.",
            "Not buggy at all, which is more than I can say for {competitor}.",
            "Reliability has improved a lot this year.",
            "Zero crashes since we switched.",
        ),
    ),
    "support": Theme(
        "Support",
        r"\b(?:support|agents?|customer service|help ?desk)\b",
        (
            "Support takes {days} days to reply.",
            "Had to explain my issue to {n} different agents.",
            "Customer service just sends links to help articles.",
            "Support was polite but useless.",
            "The help desk closed my ticket without fixing anything.",
            "Waited {n} hours on chat for a support agent.",
            "Support used to be great, not anymore.",
        ),
        (
            "{agent} in support was brilliant.",
            "Support answered within the hour.",
            "Customer service is the best part honestly.",
            "The support team actually listens.",
            "Shout out to {agent} from support, sorted it in minutes.",
            "Support went above and beyond for us.",
            "Never had a bad experience with support.",
        ),
    ),
    "ease_of_use": Theme(
        "Ease of use",
        r"\b(?:easy|easier|intuitive|confusing|clunky|user[- ]friendly|interface|UI|navigat\w*)\b",
        (
            "The new interface is confusing.",
            "Too many clicks for simple things, very clunky.",
            "Navigation makes no sense on the {device}.",
            "Not the most intuitive thing ever.",
            "The UI changed again and my staff are lost.",
            "Finding the reports is anything but easy.",
        ),
        (
            "Super easy to use, my staff picked it up in a day.",
            "Really intuitive once you get the hang of it.",
            "The interface is clean and simple.",
            "So much easier than the spreadsheets we used before.",
            "User-friendly even for my dad, and he hates computers.",
            "Navigation is quick and logical.",
        ),
    ),
    "delivery": Theme(
        "Delivery",
        r"\b(?:deliver\w*|shipping|shipped|courier|parcels?|packages?)\b",
        (
            "My last order was delivered {days} days late.",
            "The courier left the parcel at the wrong address.",
            "Shipping takes way too long lately.",
            "Label rolls shipped {days} days after ordering.",
            "Half the package was missing when it arrived.",
            "Delivery estimates are pure fiction.",
        ),
        (
            "Supplies always delivered next day.",
            "Shipping is quick and everything arrives well packed.",
            "Delivery has been faster than promised every time.",
            "Love that the parcels show up before I run out.",
        ),
    ),
}

#: Themes whose pattern matches only their own sentences: their mention counts are exact by construction.
EXCLUSIVE: tuple[str, ...] = ("account_access", "billing_errors", "dark_mode", "onboarding", "sync_bug")

#: Sentences with no theme, by sentiment.
GENERIC: dict[str, tuple[str, ...]] = {
    "positive": (
        "Love it.",
        "Great product overall.",
        "Does what it says on the tin.",
        "Keep up the good work!",
        "Very happy so far.",
        "Would recommend to anyone running a small shop.",
        "No complaints really.",
        "Solid. That's it.",
        "Best decision we made this year.",
        "It just works.",
        "Happy customer for {n} years now.",
        "Can't imagine running the shop without it.",
        "You guys rock.",
        "Genuinely useful, thank you.",
        "It's not bad at all.",
    ),
    "negative": (
        "Meh.",
        "Not impressed lately.",
        "It used to be better.",
        "Disappointed, to be honest.",
        "We're thinking about switching to {competitor}.",
        "Feels like nobody reads this feedback.",
        "Expected more after {n} years as a customer.",
        "Not great, not terrible.",
        "Lots of promises on the roadmap, little to show for it.",
        "I wouldn't recommend it right now.",
    ),
    "neutral": (
        "Fine.",
        "It's ok.",
        "Does the job.",
        "nothing to add",
        "No comment",
        "All good I guess",
        "Same as last time.",
        "Mostly fine, a few rough edges.",
        "It's alright, nothing special.",
    ),
}

OPENERS: tuple[str, ...] = (
    "Honestly,",
    "Tbh",
    "Overall",
    "Well,",
    "Where do I start...",
    "Hmm.",
    "Look,",
    "To be fair,",
    "As a long-time customer:",
    "Quick one:",
    "Ok so",
    "First of all,",
    "Two things.",
    "Not gonna lie,",
)
CLOSERS: tuple[str, ...] = (
    "Thanks.",
    "Cheers",
    "Fix this please.",
    "That's all.",
    "Otherwise fine.",
    "Thx",
    "Keep it up!",
    "Just my two cents.",
    "Hope that helps.",
    "Rant over.",
    "Thanks for asking.",
)
HEDGE_PREFIXES: tuple[str, ...] = (
    "I guess ",
    "Maybe it's just me but ",
    "Not sure, but ",
    "IMO ",
    "To be honest ",
    "Kind of feel like ",
    "I might be wrong but ",
)
HEDGE_SUFFIXES: tuple[str, ...] = (" imo", " tbh", ", I think", " I guess", " lol", " to be fair", " honestly")
EMOJI: dict[str, tuple[str, ...]] = {
    "positive": ("👍", "😊", "🙌", "❤️", "🔥", "💯", "😍", "👌", "⭐"),
    "negative": ("😡", "🙄", "😤", "😞", "👎", "🤦", "💸", "😩", "😠"),
    "neutral": ("🤷", "🙂", "😐", "🤔"),
    "request": ("🙏", "🌚", "🥺", "👀", "🤞"),
}
#: Common misspellings (word → typo); none touches a theme keyword.
TYPOS: dict[str, str] = {
    "definitely": "definately",
    "really": "realy",
    "because": "becuase",
    "received": "recieved",
    "though": "tho",
    "you": "u",
    "please": "pls",
    "separate": "seperate",
    "until": "untill",
    "probably": "prolly",
    "which": "wich",
    "their": "there",
    "it's": "its",
    "don't": "dont",
    "can't": "cant",
    "I've": "ive",
    "the": "teh",
    "and": "adn",
    "with": "wiht",
    "every": "evry",
    "honestly": "honsetly",
    "anything": "anythign",
    "again": "agian",
    "nothing": "nothign",
    "since": "sinse",
}
GREETINGS: tuple[str, ...] = (
    "Hi,",
    "Hello,",
    "Hi team,",
    "Hey there,",
    "Good morning,",
    "Hi {agent},",
    "Dear Demo Co,",
)
SIGNOFFS: tuple[str, ...] = (
    "Thanks,",
    "Thank you,",
    "Regards,",
    "Cheers,",
    "Best,",
    "Thanks in advance,",
    "Kind regards,",
)
#: Forum replies from other customers (no theme keywords).
REPLIES: tuple[str, ...] = (
    "Same here.",
    "+1, happening to us as well.",
    "Following, we see this too.",
    "Have you tried clearing the app cache? Worked for me once.",
    "Any update on this?",
    "We gave up and use the web version for now.",
    "Bumping this, still an issue for us.",
    "Seeing the same on {n} of our stores.",
    "Glad it's not just me 😅",
    "Would love an official answer here.",
    "Thanks for posting, saved me writing the same thing.",
    "Workaround that helped us: restart, then wait {n} minutes before opening the app.",
)
#: Forum replies from staff.
STAFF_REPLIES: tuple[str, ...] = (
    "Thanks for reporting this, we're looking into it and will update this thread.",
    "Hi! Could you send us a DM with your account email so we can check?",
    "This is on our list - I've passed your feedback to the product team.",
    "Good news: a fix is rolling out this week. Let us know if it still happens.",
    "Thanks for the detailed write-up, that really helps us reproduce it.",
    "I've merged this with the existing request so the votes count together.",
)
#: Values for the ``{slot}`` placeholders.
SLOTS: dict[str, tuple[str, ...]] = {
    "month": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October"),
    "agent": ("Priya", "Marco", "Jess", "Tom", "Aisha", "Ben", "Lena", "Carlos", "Mei", "Sam"),
    "device": ("iPhone", "iPad", "Android phone", "Pixel", "Samsung tablet", "old iPad", "Galaxy"),
    "competitor": ("ShelfWise", "Stockly", "InventoPro", "the other guys", "a spreadsheet"),
}
