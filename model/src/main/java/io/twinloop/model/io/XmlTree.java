package io.twinloop.model.io;

import io.twinloop.model.ImportException;

import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * A minimal element tree built with the JDK's StAX parser, keeping the line of every element so
 * that importers can say where a problem is. DTDs and external entities are refused (no XXE, no
 * entity expansion bombs).
 */
final class XmlTree {

    /** One element. */
    static final class El {
        final String ns;
        final String name;
        final int line;
        final Map<String, String> attrs;
        final List<El> children = new ArrayList<>();
        private final StringBuilder text = new StringBuilder();

        El(String ns, String name, int line, Map<String, String> attrs) {
            this.ns = ns == null ? "" : ns;
            this.name = name;
            this.line = line;
            this.attrs = attrs;
        }

        /** Direct character content, trimmed. */
        String text() {
            return text.toString().trim();
        }

        String attr(String n) {
            return attrs.get(n);
        }

        /** First direct child with this local name, or null. */
        El child(String localName) {
            for (El c : children) {
                if (c.name.equals(localName)) {
                    return c;
                }
            }
            return null;
        }

        List<El> children(String localName) {
            List<El> out = new ArrayList<>();
            for (El c : children) {
                if (c.name.equals(localName)) {
                    out.add(c);
                }
            }
            return out;
        }
    }

    private static final int MAX_DEPTH = 256;
    private static final Pattern DECLARED_ENCODING =
            Pattern.compile("\\A<\\?xml[^>]*?encoding\\s*=\\s*[\"']([A-Za-z0-9._-]+)[\"']");

    private XmlTree() {
    }

    static El parse(byte[] content, String format) {
        XMLInputFactory f = XMLInputFactory.newInstance();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, Boolean.FALSE);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, Boolean.FALSE);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, Boolean.TRUE);
        f.setProperty(XMLInputFactory.IS_COALESCING, Boolean.TRUE);
        f.setXMLReporter((message, type, info, location) -> {
            // problems surface as XMLStreamExceptions; keep the JDK parser from printing to stderr
        });
        trySet(f, XMLConstants.ACCESS_EXTERNAL_DTD, "");
        trySet(f, XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        XMLStreamReader r = null;
        int line = -1;
        try {
            // decode ourselves (strictly) so that bad bytes are reported with their line and the JDK
            // parser never reaches its own encoding error path, which prints to stderr
            r = f.createXMLStreamReader(new StringReader(decode(content, format)));
            Deque<El> stack = new ArrayDeque<>();
            El root = null;
            while (r.hasNext()) {
                int ev = r.next();
                line = line(r.getLocation(), line);
                switch (ev) {
                    case XMLStreamConstants.DTD ->
                            throw new ImportException(format, line, "DOCTYPE declarations are not allowed");
                    case XMLStreamConstants.ENTITY_REFERENCE ->
                            throw new ImportException(format, line, "entity references are not allowed");
                    case XMLStreamConstants.START_ELEMENT -> {
                        if (stack.size() >= MAX_DEPTH) {
                            throw new ImportException(format, line, "elements nested deeper than " + MAX_DEPTH);
                        }
                        Map<String, String> attrs = new LinkedHashMap<>();
                        for (int i = 0; i < r.getAttributeCount(); i++) {
                            attrs.put(r.getAttributeLocalName(i), r.getAttributeValue(i));
                        }
                        El e = new El(r.getNamespaceURI(), r.getLocalName(), line, attrs);
                        if (stack.isEmpty()) {
                            root = e;
                        } else {
                            stack.peek().children.add(e);
                        }
                        stack.push(e);
                    }
                    case XMLStreamConstants.END_ELEMENT -> stack.pop();
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                        if (!stack.isEmpty()) {
                            stack.peek().text.append(r.getText());
                        }
                    }
                    default -> {
                        // comments, processing instructions, document start/end: ignored
                    }
                }
            }
            if (root == null) {
                throw new ImportException(format, line, "no XML root element");
            }
            return root;
        } catch (XMLStreamException e) {
            int l = e.getLocation() == null ? line : line(e.getLocation(), line);
            throw new ImportException(format, l, "malformed XML: " + clean(e.getMessage()), e);
        } catch (ImportException e) {
            throw e;
        } catch (RuntimeException e) {
            // the JDK parser reports some problems (e.g. bad encodings) as unchecked exceptions
            throw new ImportException(format, line, "malformed XML: " + e, e);
        } finally {
            if (r != null) {
                try {
                    r.close();
                } catch (XMLStreamException ignored) {
                    // nothing to release for an in-memory stream
                }
            }
        }
    }

    /** Decodes the document using its BOM or XML declaration (default UTF-8), rejecting malformed bytes. */
    static String decode(byte[] content, String format) {
        Charset cs = StandardCharsets.UTF_8;
        int offset = 0;
        if (content.length >= 3 && (content[0] & 0xFF) == 0xEF && (content[1] & 0xFF) == 0xBB && (content[2] & 0xFF) == 0xBF) {
            offset = 3;
        } else if (content.length >= 2 && (content[0] & 0xFF) == 0xFE && (content[1] & 0xFF) == 0xFF) {
            cs = StandardCharsets.UTF_16BE;
            offset = 2;
        } else if (content.length >= 2 && (content[0] & 0xFF) == 0xFF && (content[1] & 0xFF) == 0xFE) {
            cs = StandardCharsets.UTF_16LE;
            offset = 2;
        } else {
            String head = new String(content, 0, Math.min(content.length, 200), StandardCharsets.ISO_8859_1);
            Matcher m = DECLARED_ENCODING.matcher(head);
            if (m.find()) {
                try {
                    cs = Charset.forName(m.group(1));
                } catch (IllegalArgumentException e) {
                    throw new ImportException(format, 1, "unsupported encoding '" + m.group(1) + "' in the XML declaration");
                }
            }
        }
        CharsetDecoder dec = cs.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(content, offset, content.length - offset);
        CharBuffer out = CharBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 16L,
                (long) Math.ceil((content.length - offset) * (double) dec.maxCharsPerByte()) + 16));
        CoderResult cr = dec.decode(in, out, true);
        if (!cr.isError()) {
            cr = dec.flush(out);
        }
        if (cr.isError()) {
            int bad = in.position();
            int line = 1;
            for (int i = offset; i < bad && i < content.length; i++) {
                if (content[i] == '\n') {
                    line++;
                }
            }
            throw new ImportException(format, line, "malformed XML: byte sequence not valid in " + cs.name()
                    + " at byte offset " + bad);
        }
        out.flip();
        return out.toString(); // the parser ignores the declared encoding when reading from a Reader
    }

    private static int line(Location loc, int fallback) {
        return loc == null || loc.getLineNumber() <= 0 ? fallback : loc.getLineNumber();
    }

    /** Strips the "ParseError at [row,col]:[..]\nMessage: " prefix of JDK StAX messages. */
    private static String clean(String msg) {
        if (msg == null) {
            return "unknown XML error";
        }
        int i = msg.indexOf("Message: ");
        return (i >= 0 ? msg.substring(i + "Message: ".length()) : msg).trim();
    }

    private static void trySet(XMLInputFactory f, String prop, Object value) {
        try {
            f.setProperty(prop, value);
        } catch (IllegalArgumentException ignored) {
            // property not supported by this StAX implementation; DTD support is off anyway
        }
    }
}
