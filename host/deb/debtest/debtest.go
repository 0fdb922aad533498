// Package debtest writes small Debian packages (.deb) for tests: an ar
// archive of debian-binary, control.tar.gz and a data.tar compressed as
// asked.
package debtest

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"io/fs"
	"strings"

	"github.com/klauspost/compress/zstd"
	"github.com/ulikunitz/xz"
)

// File is one entry of a package's data archive.
type File struct {
	Name string // "boot/vmlinuz-6.1.0-test", written as "./boot/vmlinuz-6.1.0-test"
	// Data is the content; for a symbolic or hard link, its target.
	Data string
	// Mode is the permission bits, with fs.ModeDir for a folder or
	// fs.ModeSymlink for a symbolic link; 0 means a 0644 file.
	Mode     fs.FileMode
	HardLink bool // a hard link to the file Data names
}

// Member is one member of an ar archive.
type Member struct {
	Name string
	Data []byte
}

// Deb returns a .deb with the control file control and the files, its
// data.tar compressed with compression: "gz", "xz", "zst" or "" (none).
func Deb(control string, files []File, compression string) ([]byte, error) {
	controlTar, err := Tar([]File{{Name: "control", Data: control}})
	if err != nil {
		return nil, err
	}
	controlGz, err := Compress(controlTar, "gz")
	if err != nil {
		return nil, err
	}
	dataTar, err := Tar(files)
	if err != nil {
		return nil, err
	}
	data, err := Compress(dataTar, compression)
	if err != nil {
		return nil, err
	}
	dataName := "data.tar"
	if compression != "" {
		dataName += "." + compression
	}
	return Ar([]Member{
		{Name: "debian-binary", Data: []byte("2.0\n")},
		{Name: "control.tar.gz", Data: controlGz},
		{Name: dataName, Data: data},
	}), nil
}

// Ar writes members as a common ar archive, as dpkg-deb does.
func Ar(members []Member) []byte {
	var b bytes.Buffer
	b.WriteString("!<arch>\n")
	for _, m := range members {
		fmt.Fprintf(&b, "%-16s%-12d%-6d%-6d%-8o%-10d`\n", m.Name, 0, 0, 0, 0o100644, len(m.Data))
		b.Write(m.Data)
		if len(m.Data)%2 == 1 {
			b.WriteByte('\n')
		}
	}
	return b.Bytes()
}

// Tar writes files as a tar archive with "./" names.
func Tar(files []File) ([]byte, error) {
	var b bytes.Buffer
	tw := tar.NewWriter(&b)
	for _, f := range files {
		if err := tw.WriteHeader(header(f)); err != nil {
			return nil, err
		}
		if f.Mode&(fs.ModeDir|fs.ModeSymlink) == 0 && !f.HardLink {
			if _, err := io.WriteString(tw, f.Data); err != nil {
				return nil, err
			}
		}
	}
	err := tw.Close()
	return b.Bytes(), err
}

func header(f File) *tar.Header {
	name := "./" + strings.TrimPrefix(f.Name, "/")
	perm := int64(f.Mode.Perm())
	switch {
	case f.HardLink:
		return &tar.Header{Typeflag: tar.TypeLink, Name: name, Linkname: "./" + f.Data, Mode: 0o644}
	case f.Mode&fs.ModeDir != 0:
		return &tar.Header{Typeflag: tar.TypeDir, Name: name + "/", Mode: perm}
	case f.Mode&fs.ModeSymlink != 0:
		return &tar.Header{Typeflag: tar.TypeSymlink, Name: name, Linkname: f.Data, Mode: 0o777}
	}
	if perm == 0 {
		perm = 0o644
	}
	return &tar.Header{Typeflag: tar.TypeReg, Name: name, Size: int64(len(f.Data)), Mode: perm}
}

// Compress compresses data with "gz", "xz", "zst", or not at all ("").
func Compress(data []byte, compression string) ([]byte, error) {
	var b bytes.Buffer
	var w io.WriteCloser
	var err error
	switch compression {
	case "":
		return data, nil
	case "gz":
		w = gzip.NewWriter(&b)
	case "xz":
		w, err = xz.NewWriter(&b)
	case "zst":
		w, err = zstd.NewWriter(&b)
	default:
		err = fmt.Errorf("unknown compression %q", compression)
	}
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(data); err != nil {
		return nil, err
	}
	err = w.Close()
	return b.Bytes(), err
}
