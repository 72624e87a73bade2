package io.kubeaudit.inputs;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What --scheme tells splunkd agrees with README/inputs.conf.spec: same arguments, types and required ones. */
class SchemeMatchesSpecTest {
    /** Settings of the modular-input framework itself, declared in the spec for the default stanza but not scheme arguments. */
    private static final Set<String> FRAMEWORK = Set.of("interval", "start_by_shell");

    /** name -> "type required?" per scheme, from the spec file. */
    static Map<String, Map<String, String>> spec() throws Exception {
        Map<String, Map<String, String>> out = new TreeMap<>();
        Map<String, String> current = null;
        String key = null;
        Pattern stanza = Pattern.compile("^\\[([a-z_]+)://<name>]$");
        Pattern setting = Pattern.compile("^([a-z_]+) = <([a-z]+)>$");
        for (String line : Files.readAllLines(Path.of("app/README/inputs.conf.spec"))) {
            Matcher m = stanza.matcher(line);
            if (m.matches()) {
                current = new TreeMap<>();
                out.put(m.group(1), current);
                continue;
            }
            m = setting.matcher(line);
            if (m.matches() && current != null) {
                key = m.group(1);
                if (!FRAMEWORK.contains(key)) {
                    current.put(key, type(m.group(2)) + " optional");
                }
                continue;
            }
            if (line.equals("* Required.") && current != null && key != null && current.containsKey(key)) {
                current.put(key, current.get(key).replace("optional", "required"));
            }
        }
        return out;
    }

    private static String type(String spec) {
        return switch (spec) {
            case "integer" -> "number";
            case "boolean" -> "boolean";
            default -> "string";
        };
    }

    static Map<String, String> scheme(String name) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = ModularInputs.run(name, new String[] {"--scheme"}, InputStream.nullInputStream(), out,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertEquals(0, status);
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(out.toByteArray()));
        assertEquals(name, text(doc.getDocumentElement(), "title"));
        assertEquals("true", text(doc.getDocumentElement(), "use_external_validation"));
        assertEquals("false", text(doc.getDocumentElement(), "use_single_instance"));
        assertEquals("xml", text(doc.getDocumentElement(), "streaming_mode"));
        Map<String, String> args = new TreeMap<>();
        NodeList list = doc.getElementsByTagName("arg");
        for (int i = 0; i < list.getLength(); i++) {
            Element a = (Element) list.item(i);
            args.put(a.getAttribute("name"), text(a, "data_type") + ("true".equals(text(a, "required_on_create")) ? " required" : " optional"));
        }
        return args;
    }

    private static String text(Element e, String child) {
        NodeList l = e.getElementsByTagName(child);
        return l.getLength() == 0 ? null : l.item(0).getTextContent().trim();
    }

    @Test
    void bothSchemesAreDeclaredAndNothingElse() throws Exception {
        assertEquals(List.of(ModularInputs.FILE, ModularInputs.WEBHOOK), List.copyOf(spec().keySet()));
    }

    @Test
    void fileSchemeMatchesTheSpec() throws Exception {
        assertEquals(spec().get(ModularInputs.FILE), scheme(ModularInputs.FILE));
    }

    @Test
    void webhookSchemeMatchesTheSpec() throws Exception {
        assertEquals(spec().get(ModularInputs.WEBHOOK), scheme(ModularInputs.WEBHOOK));
    }
}
