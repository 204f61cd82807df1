package org.fdtserver.runtime.protocol;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import org.fdtserver.runtime.protocol.ControlMessage.Verb;
import org.junit.Test;

public class ControlMessageTest {

    @Test
    public void parsesVerbAndArgument() {
        ControlMessage m = ControlMessage.parse("HELLO 1.0 4242");
        assertEquals(Verb.HELLO, m.verb());
        assertEquals("1.0 4242", m.argument());
        assertEquals("HELLO 1.0 4242", m.format());
    }

    @Test
    public void verbAloneHasEmptyArgument() {
        ControlMessage m = ControlMessage.parse("READY");
        assertEquals(Verb.READY, m.verb());
        assertEquals("", m.argument());
        assertEquals("READY", ControlMessage.of(Verb.READY).format());
    }

    @Test
    public void unknownVerbIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ControlMessage.parse("JUMP high"));
        assertEquals("unknown control verb 'JUMP'", e.getMessage());
    }

    @Test
    public void argumentMustBeOneLine() {
        assertThrows(IllegalArgumentException.class, () -> new ControlMessage(Verb.FAILED, "a\nb"));
    }
}
