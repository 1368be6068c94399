package ingest

import (
	"slices"
	"strconv"
	"strings"
)

// parseFrontMatter reads the block between a first line of "---" and the next
// "---": one "key: value" a line, values optionally in double quotes, "#"
// lines ignored. It returns the lines after the block and the line number of
// the first of them.
func parseFrontMatter(file string, lines []string, d *document) (rest []string, firstLine int, err error) {
	if len(lines) == 0 || strings.TrimSpace(lines[0]) != "---" {
		return nil, 0, errorf(file, 1, `missing front matter: the file must start with a line "---", then "key: value" lines (title, language, source), then "---"`)
	}
	// Without a closing line, the body would be read as front matter and the
	// error would blame its first line for not being "key: value".
	if !slices.ContainsFunc(lines[1:], func(l string) bool { return strings.TrimSpace(l) == "---" }) {
		return nil, 0, errorf(file, 1, `front matter is not closed: no second "---" line`)
	}
	for i := 1; i < len(lines); i++ {
		line := strings.TrimSpace(lines[i])
		if line == "---" {
			return lines[i+1:], i + 2, nil
		}
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key, value, ok := strings.Cut(line, ":")
		key = strings.TrimSpace(key)
		if !ok || key == "" || strings.ContainsAny(key, " \t") {
			return nil, 0, errorf(file, i+1, "front matter line is not \"key: value\": %q", line)
		}
		value = strings.TrimSpace(value)
		if len(value) >= 2 && value[0] == '"' && value[len(value)-1] == '"' {
			unq, err := strconv.Unquote(value)
			if err != nil {
				return nil, 0, errorf(file, i+1, "front matter value of %s is a badly quoted string", key)
			}
			value = unq
		}
		if _, dup := d.meta[key]; dup {
			return nil, 0, errorf(file, i+1, "front matter key %s appears twice", key)
		}
		d.meta[key] = value
		d.metaLine[key] = i + 1
	}
	return nil, 0, errorf(file, 1, `front matter is not closed: no second "---" line`)
}
