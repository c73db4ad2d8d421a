package org.keras2dl4j.validator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keras2dl4j.fixtures.Fixtures;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

class JUnitReportTest {
    @TempDir
    Path dir;

    @Test
    void writesWellFormedXmlWithOneTestcasePerLayerAndTotalAndCountsFailures() throws Exception {
        Comparison comparison = KerasValidation.of(Fixtures.resource("page/alexnet-page-keras224.json"))
                .against(Fixtures.resource("keras3/alexnet.summary.txt")).expectParams(1_000).validate();
        Path xml = dir.resolve("report.xml");

        JUnitReport.write(comparison, xml);

        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
        NodeList cases = doc.getElementsByTagName("testcase");
        assertEquals(17 + 4, cases.getLength());
        assertEquals("21", doc.getDocumentElement().getAttribute("tests"));
        assertEquals("1", doc.getDocumentElement().getAttribute("failures"));
        assertEquals(1, doc.getElementsByTagName("failure").getLength());
        assertEquals("layer 02 conv2d_1 (Conv2D)", ((org.w3c.dom.Element) cases.item(1)).getAttribute("name"));
    }
}
