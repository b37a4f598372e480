#pragma once

// A real full disk for tests: a tmpfs of a few KiB mounted in a temporary folder and filled to the
// byte. Mounting needs root; without it a test binary can start itself again inside a user and
// mount namespace (`unshare -rm`), where it is root of its own tmpfs. Linux only.

#include "core/call/samplecall.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cstdlib>
#include <vector>

namespace Revox::FullDisk {

// Call from the test's static initMain(), before the application object: unless root already,
// runs this test binary again, with its arguments, under `unshare -rm` when the kernel allows
// user namespaces (a probe run says so first). Returns when nothing was done; the full-disk tests
// then skip, naming why.
inline void enterMountNamespaceIfNeeded()
{
    if (::geteuid() == 0 || std::getenv("REVOX_TEST_IN_USER_NAMESPACE"))
        return;
    if (std::system("unshare -rm true >/dev/null 2>&1") != 0)
        return;
    QFile commandLine(QStringLiteral("/proc/self/cmdline"));
    if (!commandLine.open(QIODevice::ReadOnly))
        return;
    QList<QByteArray> words = commandLine.readAll().split('\0');
    if (!words.isEmpty() && words.constLast().isEmpty())
        words.removeLast();
    // Resolved now: in the child, /proc/self/exe would be unshare itself.
    QByteArray self = QFile::encodeName(QFile::symLinkTarget(QStringLiteral("/proc/self/exe")));
    if (self.isEmpty())
        return;
    ::setenv("REVOX_TEST_IN_USER_NAMESPACE", "1", 1);
    std::vector<char *> arguments{const_cast<char *>("unshare"),
                                  const_cast<char *>("-rm"),
                                  const_cast<char *>("--"),
                                  self.data()};
    for (qsizetype i = 1; i < words.size(); ++i)
        arguments.push_back(words[i].data());
    arguments.push_back(nullptr);
    ::execvp("unshare", arguments.data());
    // exec failed: carry on unprivileged, the full-disk tests skip.
}

// "regular", "fifo", "char", "block", "socket", "dir", "link" or "missing", read with lstat.
inline QString fileType(const QString &path)
{
    struct stat info;
    if (::lstat(QFile::encodeName(path).constData(), &info) != 0)
        return QStringLiteral("missing");
    if (S_ISREG(info.st_mode))
        return QStringLiteral("regular");
    if (S_ISFIFO(info.st_mode))
        return QStringLiteral("fifo");
    if (S_ISCHR(info.st_mode))
        return QStringLiteral("char");
    if (S_ISBLK(info.st_mode))
        return QStringLiteral("block");
    if (S_ISSOCK(info.st_mode))
        return QStringLiteral("socket");
    if (S_ISDIR(info.st_mode))
        return QStringLiteral("dir");
    return QStringLiteral("link");
}

// The sample call with each attempt's transcript said `copies` times: every format's export is
// then larger than a few KiB, small ones stay below QFileDevice's 16 KiB write buffer and large
// ones are written past it, so both of QSaveFile's write paths meet the full disk.
inline QByteArray longerSampleJson(int copies)
{
    QJsonObject root = QJsonDocument::fromJson(SampleCall::json()).object();
    QJsonObject call = root.value(QStringLiteral("call")).toObject();
    QJsonArray attempts = call.value(QStringLiteral("call_attempts")).toArray();
    for (qsizetype i = 0; i < attempts.size(); ++i) {
        QJsonObject attempt = attempts.at(i).toObject();
        const QJsonArray once = attempt.value(QStringLiteral("transcript")).toArray();
        QJsonArray repeated;
        for (int copy = 0; copy < copies; ++copy) {
            for (const QJsonValue &turn : once)
                repeated.append(turn);
        }
        attempt.insert(QStringLiteral("transcript"), repeated);
        attempts.replace(i, attempt);
    }
    call.insert(QStringLiteral("call_attempts"), attempts);
    root.insert(QStringLiteral("call"), call);
    return QJsonDocument(root).toJson();
}

inline bool writeWhole(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size() && file.flush();
}

// A tmpfs mounted over a temporary folder, unmounted when this goes away.
class SmallTmpfs final
{
    Q_DISABLE_COPY_MOVE(SmallTmpfs)

public:
    explicit SmallTmpfs(qint64 sizeBytes)
    {
        if (!m_dir.isValid()) {
            m_whyNot = QStringLiteral("no temporary folder");
            return;
        }
        if (::geteuid() != 0) {
            m_whyNot = QStringLiteral(
                "mounting a tmpfs needs root, and `unshare -rm` (a user namespace) was not "
                "available to this process");
            return;
        }
        QProcess mount;
        mount.setProcessChannelMode(QProcess::MergedChannels);
        mount.start(QStringLiteral("mount"),
                    {QStringLiteral("-t"),
                     QStringLiteral("tmpfs"),
                     QStringLiteral("-o"),
                     QStringLiteral("size=%1").arg(sizeBytes),
                     QStringLiteral("tmpfs"),
                     m_dir.path()});
        if (!mount.waitForFinished(30000) || mount.exitStatus() != QProcess::NormalExit
            || mount.exitCode() != 0) {
            m_whyNot = QStringLiteral("mount -t tmpfs failed: %1")
                           .arg(QString::fromLocal8Bit(mount.readAll()).trimmed());
            return;
        }
        m_mounted = true;
    }

    ~SmallTmpfs()
    {
        if (m_mounted)
            QProcess::execute(QStringLiteral("umount"), {m_dir.path()});
    }

    bool isMounted() const { return m_mounted; }
    QString whyNot() const { return m_whyNot; }
    QString filePath(const QString &name) const { return m_dir.filePath(name); }
    QStringList entries() const
    {
        return QDir(m_dir.path())
            .entryList(QDir::AllEntries | QDir::System | QDir::NoDotAndDotDot, QDir::Name);
    }

    qint64 freeBytes() const
    {
        struct statvfs info;
        if (::statvfs(QFile::encodeName(m_dir.path()).constData(), &info) != 0)
            return -1;
        return qint64(info.f_bavail) * qint64(info.f_frsize);
    }

    // Fills the file system with a file named "filler" until `leaveBytes` are free (tmpfs counts
    // in 4 KiB pages). True when exactly that much is left.
    bool fillLeaving(qint64 leaveBytes)
    {
        QFile filler(filePath(QStringLiteral("filler")));
        if (!filler.open(QIODevice::WriteOnly | QIODevice::Unbuffered))
            return false;
        const QByteArray block(4096, 'f');
        while (freeBytes() > leaveBytes) {
            if (filler.write(block) != block.size())
                break;
        }
        filler.close();
        return freeBytes() == leaveBytes;
    }

    bool removeFiller() { return QFile::remove(filePath(QStringLiteral("filler"))); }

private:
    QTemporaryDir m_dir;
    QString m_whyNot;
    bool m_mounted = false;
};

} // namespace Revox::FullDisk
