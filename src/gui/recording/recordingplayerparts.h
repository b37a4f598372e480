#pragma once

#include <QIcon>
#include <QString>
#include <QStyle>

class QToolButton;
class QWidget;

// Small pieces shared by RecordingPlayer and RecordingControls.
namespace Revox::RecordingPlayerParts {

// "4:05", or "1:02:03" past an hour.
QString clockText(qint64 milliseconds);
// The desktop's icon theme first (it matches light and dark themes), the style's as a fallback.
QIcon themedIcon(const QWidget *widget, const char *name, QStyle::StandardPixmap fallback);
// Named `objectName` (tests find the buttons by it); `text` is also its tooltip and accessible name.
QToolButton *makeToolButton(QWidget *parent,
                            const char *objectName,
                            const QIcon &icon,
                            const QString &text);
// Widgets that act on Space themselves: buttons, item views, combo boxes.
bool usesSpaceItself(const QWidget *widget);

} // namespace Revox::RecordingPlayerParts
