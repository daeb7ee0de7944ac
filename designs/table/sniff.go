package table

import "bytes"

// What the first bytes of a file say it is.
const (
	sniffText = iota
	sniffZip
	sniffODS
	sniffCFB
	sniffEncrypted
	sniffBinary
)

var (
	zipMagic = []byte("PK\x03\x04")
	cfbMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
	// Encrypted OOXML workbooks are CFB files holding these streams; their
	// names are stored in UTF-16LE in the CFB directory.
	encryptedPackageName = utf16LE("EncryptedPackage")
	encryptionInfoName   = utf16LE("EncryptionInfo")
)

func utf16LE(s string) []byte {
	b := make([]byte, 0, 2*len(s))
	for i := 0; i < len(s); i++ {
		b = append(b, s[i], 0)
	}
	return b
}

func sniff(data []byte) int {
	switch {
	case bytes.HasPrefix(data, zipMagic):
		if len(data) > 38 && string(data[30:38]) == "mimetype" &&
			bytes.Contains(data[38:min(len(data), 120)], []byte("opendocument")) {
			return sniffODS
		}
		return sniffZip
	case bytes.HasPrefix(data, cfbMagic[:4]):
		if bytes.Contains(data, encryptedPackageName) || bytes.Contains(data, encryptionInfoName) {
			return sniffEncrypted
		}
		return sniffCFB
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return sniffText // UTF-16 with a byte-order mark
	}
	head := data[:min(len(data), 8192)]
	control := 0
	for _, c := range head {
		switch {
		case c == 0:
			return sniffBinary
		case c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1A:
			control++
		}
	}
	if control*20 > len(head) {
		return sniffBinary
	}
	return sniffText
}

// markup names the markup formats that spreadsheets and MIS exports
// save under .xls: a web page or an Excel 2003 XML spreadsheet. It returns
// "" for anything else.
func markup(data []byte) string {
	head := bytes.ToLower(data[:min(len(data), 4096)])
	head = bytes.TrimLeft(bytes.TrimPrefix(head, []byte{0xEF, 0xBB, 0xBF}), " \t\r\n")
	if !bytes.HasPrefix(head, []byte("<")) {
		return ""
	}
	switch {
	case bytes.Contains(head, []byte("urn:schemas-microsoft-com:office:spreadsheet")):
		return "an Excel 2003 XML spreadsheet"
	case bytes.Contains(head, []byte("<html")), bytes.Contains(head, []byte("<table")), bytes.HasPrefix(head, []byte("<!doctype html")):
		return "a web page (HTML)"
	case bytes.HasPrefix(head, []byte("<?xml")):
		return "an XML file"
	}
	return ""
}

// describeBinary names a few binary formats people mistake for data.
func describeBinary(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte("%PDF")):
		return "a PDF document"
	case bytes.HasPrefix(data, []byte{0x1F, 0x8B}):
		return "a gzip-compressed file"
	case bytes.HasPrefix(data, []byte("\x89PNG")):
		return "a PNG image"
	case bytes.HasPrefix(data, []byte{0xFF, 0xD8, 0xFF}):
		return "a JPEG image"
	case bytes.HasPrefix(data, []byte("SQLite format 3")):
		return "an SQLite database"
	}
	return ""
}

// sniffLen is how much of a file's start is read to tell what it is.
const sniffLen = 64 << 10
