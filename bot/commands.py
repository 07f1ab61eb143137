"""The commands samenbot registers with Telegram (setMyCommands), in menu order."""

COMMANDS = (
    "gesprek",
    "volgende",
    "overslaan",
    "pauze",
    "hervat",
    "stop",
    "status",
    "kaarten",
    "samenvatting",
    "export",
    "peerreview",
    "herinneringen",
    "koppel",
    "uitnodigen",
    "instellingen",
    "taal",
    "mijngegevens",
    "vergeetmij",
    "help",
)
