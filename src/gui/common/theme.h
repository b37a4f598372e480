#pragma once

#include "core/call/calldata.h"

#include <QColor>
#include <QPalette>
#include <QString>

namespace Revox::Theme {

// What a value means to the user; each tone has a hue that stays readable on light and dark
// palettes. Colour is never the only signal: every toned value also says it in words.
enum class Tone { Neutral, Good, Warning, Bad, Info };

bool isDark(const QPalette &palette);
QColor mix(const QColor &a, const QColor &b, qreal amountOfB);
// The tone as a foreground colour on the palette's base/window colour.
QColor foreground(Tone tone, const QPalette &palette);
// A soft fill for badges and cards, derived from the tone and the palette's base colour.
QColor fill(Tone tone, const QPalette &palette);
// Behind a find match that is not the current one (the current one takes the palette's
// Highlight), in the transcript and in the raw JSON.
QColor matchFill(const QPalette &palette);

Tone callStatusTone(const OpenEnum &status);
Tone attemptTone(const CallAttempt &attempt);

// Tooltips go through Qt::mightBeRichText(), so API text there would be rendered as HTML. This
// escapes the text and marks it rich so it is shown exactly as written.
QString plainToolTip(const QString &text);

} // namespace Revox::Theme
