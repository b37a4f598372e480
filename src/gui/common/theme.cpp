#include "gui/common/theme.h"

#include "core/call/enumtext.h"

namespace Revox::Theme {

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Base).lightnessF() < 0.5;
}

QColor mix(const QColor &a, const QColor &b, qreal amountOfB)
{
    const qreal t = qBound(0.0, amountOfB, 1.0);
    return QColor::fromRgbF(a.redF() * (1 - t) + b.redF() * t,
                            a.greenF() * (1 - t) + b.greenF() * t,
                            a.blueF() * (1 - t) + b.blueF() * t);
}

QColor foreground(Tone tone, const QPalette &palette)
{
    const bool dark = isDark(palette);
    // Hues picked for at least 4.5:1 contrast on white (light) and on #202020 (dark).
    switch (tone) {
    case Tone::Good:
        return dark ? QColor(0x5c, 0xc9, 0x7a) : QColor(0x1a, 0x7f, 0x37);
    case Tone::Warning:
        return dark ? QColor(0xe3, 0xb3, 0x41) : QColor(0x9a, 0x67, 0x00);
    case Tone::Bad:
        return dark ? QColor(0xff, 0x7b, 0x72) : QColor(0xc2, 0x25, 0x1c);
    case Tone::Info:
        return dark ? QColor(0x6c, 0xb6, 0xff) : QColor(0x09, 0x69, 0xda);
    case Tone::Neutral:
        break;
    }
    return mix(palette.color(QPalette::Text), palette.color(QPalette::Base), 0.3);
}

QColor fill(Tone tone, const QPalette &palette)
{
    return mix(palette.color(QPalette::Base),
               foreground(tone, palette),
               isDark(palette) ? 0.22 : 0.12);
}

QColor matchFill(const QPalette &palette)
{
    return mix(palette.color(QPalette::Base), foreground(Tone::Warning, palette), 0.45);
}

Tone callStatusTone(const OpenEnum &status)
{
    if (!status)
        return Tone::Neutral;
    if (*status == QLatin1String("completed"))
        return Tone::Good;
    if (*status == QLatin1String("errored"))
        return Tone::Bad;
    if (*status == QLatin1String("cancelled"))
        return Tone::Warning;
    if (*status == QLatin1String("calling") || *status == QLatin1String("queued_for_calling")
        || *status == QLatin1String("scheduled") || *status == QLatin1String("initializing"))
        return Tone::Info;
    return Tone::Neutral;
}

Tone attemptTone(const CallAttempt &attempt)
{
    if (attempt.dialError || attempt.status == QStringLiteral("error"))
        return Tone::Bad;
    if (attempt.result == QStringLiteral("human"))
        return Tone::Good;
    if (attempt.result)
        return Tone::Warning;
    if (!EnumText::isFinalAttemptStatus(attempt.status))
        return Tone::Info;
    return Tone::Neutral;
}

QString plainToolTip(const QString &text)
{
    if (text.isEmpty())
        return {};
    return QStringLiteral("<p style='white-space:pre-wrap'>%1</p>").arg(text.toHtmlEscaped());
}

} // namespace Revox::Theme
