#include "gui/export/exportnotice.h"

#include "gui/common/theme.h"

#include <QDesktopServices>
#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPainter>
#include <QPushButton>
#include <QStyle>
#include <QToolButton>

namespace Revox {

namespace {

bool openWithDesktop(const QUrl &url)
{
    return QDesktopServices::openUrl(url);
}

ExportNotice::FolderOpener &folderOpener()
{
    static ExportNotice::FolderOpener opener = openWithDesktop;
    return opener;
}

} // namespace

ExportNotice::ExportNotice(QWidget *parent)
    : QFrame(parent)
    , m_icon(new QLabel(this))
    , m_text(new QLabel(this))
    , m_showInFolder(new QPushButton(tr("Show in &Folder"), this))
    , m_close(new QToolButton(this))
{
    setObjectName(QStringLiteral("exportNotice"));
    setAccessibleName(tr("Export written"));
    // A file name is shown as it is, never as markup.
    m_text->setTextFormat(Qt::PlainText);
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_text->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    m_showInFolder->setObjectName(QStringLiteral("showInFolderButton"));
    m_close->setObjectName(QStringLiteral("dismissButton"));
    m_close->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
    m_close->setAutoRaise(true);
    m_close->setToolTip(tr("Dismiss"));
    m_close->setAccessibleName(tr("Dismiss message"));
    const int size = style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, this);
    m_icon->setPixmap(style()->standardIcon(QStyle::SP_DialogApplyButton).pixmap(size, size));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 6, 6, 6);
    layout->addWidget(m_icon, 0, Qt::AlignTop);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_showInFolder, 0, Qt::AlignVCenter);
    layout->addWidget(m_close, 0, Qt::AlignTop);
    connect(m_showInFolder, &QPushButton::clicked, this, [this] { folderOpener()(m_folder); });
    connect(m_close, &QToolButton::clicked, this, &QWidget::hide);
    hide();
}

void ExportNotice::showExported(const QString &path, qint64 bytes)
{
    const QFileInfo info(path);
    m_folder = QUrl::fromLocalFile(info.absolutePath());
    const QString text = tr("Exported %1 (%2) to %3.")
                             .arg(info.fileName(),
                                  QLocale().formattedDataSize(bytes),
                                  QDir::toNativeSeparators(info.absolutePath()));
    m_text->setText(text);
    m_showInFolder->setToolTip(tr("Open %1").arg(QDir::toNativeSeparators(info.absolutePath())));
    setAccessibleDescription(text);
    show();
    update();
}

QString ExportNotice::text() const
{
    return isHidden() ? QString() : m_text->text();
}

void ExportNotice::setFolderOpener(FolderOpener opener)
{
    folderOpener() = opener ? std::move(opener) : FolderOpener(openWithDesktop);
}

void ExportNotice::paintEvent(QPaintEvent *)
{
    // Drawn as the window's message bar is, in the tone of something that went well.
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QPen(Theme::foreground(Theme::Tone::Good, palette()), 1));
    painter.setBrush(Theme::fill(Theme::Tone::Good, palette()));
    painter.drawRoundedRect(QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5), 4, 4);
}

} // namespace Revox
