package ingest

import (
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// parseFrontMatter reads the YAML block between a first line of "---" and
// the next "---": a mapping of keys to plain values, comments allowed, as
// in the README's example. It returns the lines after the block and the
// line number of the first of them.
func parseFrontMatter(file string, lines []string, d *document) (rest []string, firstLine int, err error) {
	if len(lines) == 0 || strings.TrimSpace(lines[0]) != "---" {
		return nil, 0, errorf(file, 1, `missing front matter: the file must start with a line "---", then "key: value" lines (title, language, source), then "---"`)
	}
	end := slices.IndexFunc(lines[1:], func(l string) bool { return strings.TrimSpace(l) == "---" })
	// Without a closing line, the body would be read as front matter and the
	// error would blame its first line for not being "key: value".
	if end < 0 {
		return nil, 0, errorf(file, 1, `front matter is not closed: no second "---" line`)
	}
	end++ // index of the closing line in lines
	// Block line n is file line n+1.
	const offset = 1
	var doc yaml.Node
	// Into a Node, only a syntax error can come back.
	if err := yaml.Unmarshal([]byte(strings.Join(lines[1:end], "\n")), &doc); err != nil {
		at := min(yamlLine(err.Error())+offset, end)
		return nil, 0, errorf(file, at, "front matter line is not \"key: value\": %q (%s)", strings.TrimSpace(lines[at-1]), yamlReason(err.Error()))
	}
	if doc.Kind == 0 { // only comments or blank lines
		return lines[end+1:], end + 2, nil
	}
	m := doc.Content[0]
	if m.Kind != yaml.MappingNode {
		return nil, 0, errorf(file, m.Line+offset, `front matter is not "key: value" lines`)
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		line := k.Line + offset
		if k.Kind != yaml.ScalarNode || k.Value == "" || strings.ContainsAny(k.Value, " \t") {
			return nil, 0, errorf(file, line, "front matter key %q is not a plain word", k.Value)
		}
		if v.Kind != yaml.ScalarNode {
			return nil, 0, errorf(file, v.Line+offset, "front matter value of %s is not a single value", k.Value)
		}
		if _, dup := d.meta[k.Value]; dup {
			return nil, 0, errorf(file, line, "front matter key %s appears twice", k.Value)
		}
		d.meta[k.Value] = v.Value
		d.metaLine[k.Value] = line
	}
	return lines[end+1:], end + 2, nil
}

// yamlLine reads the 1-based line number from a yaml.v3 error ("yaml: line
// 3: …"), 1 when it gives none.
func yamlLine(msg string) int {
	_, after, ok := strings.Cut(msg, "line ")
	if !ok {
		return 1
	}
	n := 0
	for _, r := range after {
		if r < '0' || r > '9' {
			break
		}
		n = n*10 + int(r-'0')
	}
	return max(n, 1)
}

// yamlReason is a yaml.v3 error without its "yaml: line N:" prefix, which
// errorf gives in the file's own numbering.
func yamlReason(msg string) string {
	msg = strings.TrimPrefix(msg, "yaml: ")
	if strings.HasPrefix(msg, "line ") {
		if _, after, ok := strings.Cut(msg, ": "); ok {
			return after
		}
	}
	return msg
}
