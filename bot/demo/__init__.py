"""`samenbot demo`: the real bot in a simulated partnership group on the local Bot API double.

`script` holds the members and their answers, `player` runs the double and the bot and plays
the script, `terminal` prints the chat readably, `interactive` lets a person type as a member.
The command itself is `bot.cli.demo_command.run_demo`.
"""
