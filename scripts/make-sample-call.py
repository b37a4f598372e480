#!/usr/bin/env python3
"""Writes resources/sample/sample-call.json, the bundled sample call.

Kept as a script so the sample stays consistent (timestamps, attempt order, structured output
matching the assistant's config) when it is edited. Run it from the repository root.
"""
import json
import pathlib

AGENT, USER, TOOL = "assistant", "user", "tool"


def say(role, text):
    return {"role": role, "content": text}


def tool(name, arguments, result, error=False):
    return {"role": TOOL, "content": result, "tool_name": name, "tool_arguments": arguments,
            "tool_is_error": error}


human_transcript = [
    say(AGENT, "Hi, this is Nora from Brightsmile Dental. Am I speaking with Camille Martin?"),
    say(USER, "Yes, speaking."),
    say(AGENT, "Great! I'm calling about your cleaning appointment on Friday the 14th at 9 a.m. "
               "Can you still make it?"),
    say(USER, "Ah, actually no, I have a work trip. Could we move it to the following week, "
              "maybe Wednesday afternoon?"),
    say(AGENT, "Of course, let me check what we have on Wednesday the 19th in the afternoon."),
    tool("check_availability",
         {"date": "2025-11-19", "time_range": {"from": "13:00", "to": "18:00"},
          "practitioner": {"id": "pr_481", "name": "Dr. Okafor"}, "duration_minutes": 45,
          "constraints": {"exclude": ["lunch_break"], "room_types": ["hygiene"]}},
         json.dumps({"slots": ["14:30", "16:15"], "practitioner": "Dr. Okafor"})),
    say(AGENT, "Dr. Okafor has 2:30 p.m. or 4:15 p.m. Which works better for you?"),
    say(USER, "2:30 is perfect."),
    tool("book_appointment",
         {"patient_id": "pat_7731", "slot": "2025-11-19T14:30:00+01:00",
          "reschedule_from": "apt_55102"},
         "Timeout: the scheduling service did not respond within 5 s", error=True),
    say(AGENT, "One moment, our booking system is a little slow. I'm trying again."),
    tool("book_appointment",
         {"patient_id": "pat_7731", "slot": "2025-11-19T14:30:00+01:00",
          "reschedule_from": "apt_55102"},
         json.dumps({"appointment_id": "apt_55987", "status": "confirmed"})),
    say(AGENT, "You're all set: Wednesday November 19th at 2:30 p.m. with Dr. Okafor. "
               "Would you like a confirmation by text message?"),
    say(USER, "Yes please. And could you also email it to camille.martin@example.com?"),
    tool("send_sms_confirmation",
         json.dumps({"to": "+33612345678", "template": "appointment_confirmed",
                     "appointment_id": "apt_55987"}),
         "queued"),
    tool("add_note", "Patient asked for an e-mail confirmation too: camille.martin@example.com",
         "ok"),
    say(AGENT, "Done. A text is on its way, and I've noted the e-mail request for the front desk. "
               "Is there anything else I can help with?"),
    say(USER, "No, that's all. Thanks!"),
    say(AGENT, "Thank you Camille, have a lovely day. Goodbye!"),
    tool("end_call", {"reason": "conversation_complete"}, ""),
]

voicemail_transcript = [
    say(AGENT, "Hi, this is Nora from Brightsmile Dental, calling for Camille Martin about your "
               "appointment on Friday the 14th. Please call us back on 01 23 45 67 89. Thank you!"),
]

structured_output_config = [
    {"name": "patient_name", "required": True, "type": "string",
     "description": "Full name of the patient as confirmed on the call"},
    {"name": "appointment_confirmed", "required": True, "type": "boolean",
     "description": "Whether the patient kept the original appointment"},
    {"name": "new_appointment_datetime", "required": False, "type": "datetime",
     "description": "The new slot, when the appointment was moved"},
    {"name": "outcome", "required": True, "type": "enum",
     "description": "What the call achieved",
     "enum_options": ["confirmed", "rescheduled", "cancelled", "callback_requested"]},
    {"name": "email", "required": False, "type": "string",
     "description": "E-mail address the patient gave, if any"},
    {"name": "follow_up_date", "required": False, "type": "date",
     "description": "When the practice should call back"},
]

retry_config = {
    "calling_windows": [
        {"calling_window_start_time": "09:00", "calling_window_end_time": "12:00",
         "retry_delay_seconds": 3600},
        {"calling_window_start_time": "2pm", "calling_window_end_time": "6:30pm",
         "retry_delay_seconds": 7200},
    ],
    "max_retry_attempts": 3,
    "timezone": "Europe/Paris",
}

attempts = [
    {
        "id": "att_3c9e1f07",
        "phone_number": "+33612345678",
        "status": "completed",
        "result": "human",
        "dial_error": None,
        "started_at": "2025-11-12T15:02:11.482Z",
        "answered_at": "2025-11-12T15:02:19.905Z",
        "ended_at": "2025-11-12T15:04:03.117Z",
        "ended_by": "agent",
        "end_reason": "tool_end_call",
        "recording_url": "qrc:/sample/recording-human.ogg",
        "structured_output": {
            "patient_name": "Camille Martin",
            "appointment_confirmed": False,
            "new_appointment_datetime": "2025-11-19T14:30:00+01:00",
            "outcome": "rescheduled",
            "email": "camille.martin@example.com",
            "sms_consent": True,
        },
        "transcript": human_transcript,
    },
    {
        "id": "att_8b21d4aa",
        "phone_number": "+33612345678",
        "status": "completed",
        "result": "voicemail",
        "dial_error": None,
        "started_at": "2025-11-12T10:31:40Z",
        "answered_at": "2025-11-12T10:32:02Z",
        "ended_at": "2025-11-12T10:32:16Z",
        "ended_by": "agent",
        "end_reason": "voicemail",
        "recording_url": "qrc:/sample/recording-voicemail.ogg",
        "structured_output": {"patient_name": None, "appointment_confirmed": None,
                              "outcome": "callback_requested"},
        "transcript": voicemail_transcript,
    },
    {
        "id": "att_f0a4172e",
        "phone_number": "+33612345678",
        "status": "error",
        "result": None,
        "dial_error": "busy",
        "started_at": "2025-11-12T09:00:03Z",
        "answered_at": None,
        "ended_at": "2025-11-12T09:00:09Z",
        "ended_by": None,
        "end_reason": None,
        "recording_url": None,
        "structured_output": None,
        "transcript": None,
    },
]

call = {
    "id": "call_01JD8X4K2M7QY5ZP3N6RWTB9HE",
    "status": "completed",
    "direction": "outbound",
    "from_phone_number": "+33159580000",
    "to_phone_number": "+33612345678",
    "created_at": "2025-11-12T08:58:47.201Z",
    "scheduled_at": "2025-11-12T09:00:00Z",
    "calls_count": 3,
    "first_sentence_delay_ms": 400,
    "is_cancelled": False,
    "is_completed": True,
    "organization_id": "org_brightsmile",
    "campaign": {"id": "cmp_nov_reminders", "name": "November appointment reminders"},
    "metadata": {"patient_id": "pat_7731", "appointment_id": "apt_55102", "source": "crm-sync"},
    "llm_model": {"type": "openrouter", "openrouter_model_id": "openai/gpt-4.1",
                  "openrouter_provider": "azure"},
    "call_retry_config": retry_config,
    "assistant": {
        "id": "asst_nora_reminders",
        "name": "Nora — appointment reminders",
        "organization_id": "org_brightsmile",
        "prompt": ("You are Nora, the friendly receptionist of Brightsmile Dental. Call the patient "
                   "to confirm their upcoming appointment. If they cannot make it, offer to "
                   "reschedule using check_availability and book_appointment. Offer an SMS "
                   "confirmation. Never give medical advice; offer a call back from the practice "
                   "instead."),
        "first_sentence": "Hi, this is Nora from Brightsmile Dental.",
        "first_sentence_mode": "generated",
        "first_sentence_delay_ms": 400,
        "end_of_call_sentence": "Thank you, have a lovely day. Goodbye!",
        "voicemail_message": ("Hi, this is Nora from Brightsmile Dental, calling about your "
                              "appointment. Please call us back on 01 23 45 67 89."),
        "transfer_phone_number": "+33159580001",
        "ivr_navigation_enabled": False,
        "max_call_duration_secs": 600,
        "background_sound": "audio/office.ogg",
        "webhook_url": "https://crm.brightsmile.example/hooks/revox",
        "calendly": {"connection_id": "cal_conn_5521",
                     "event_type_id": "https://api.calendly.com/event_types/b2330295-2a91-4a1d-bb73-99e7707663d5"},
        "voice": {"id": "a0e99841-438c-4a64-b679-ae501e7d6091", "provider": "cartesia", "speed": 1.05},
        "llm_model": {"type": "openrouter", "openrouter_model_id": "openai/gpt-4.1",
                      "openrouter_provider": "azure"},
        "structured_output_config": structured_output_config,
        "call_retry_config": retry_config,
        "faq_items": [
            {"id": "faq_1", "question": "Where is the practice?",
             "answer": "12 rue des Lilas, Paris 11e, second floor.", "needs_human_answer": False,
             "source": "human"},
            {"id": "faq_2", "question": "Is parking available?",
             "answer": "There is a public car park on rue Oberkampf, two minutes away.",
             "needs_human_answer": False, "source": "ai"},
            {"id": "faq_3", "question": "Can I get a price estimate for whitening?",
             "answer": "", "needs_human_answer": True, "source": "ai"},
        ],
        "pending_faq_count": 1,
        "created_at": "2025-09-02T14:20:00Z",
        "updated_at": "2025-11-03T08:12:45.120Z",
    },
    "call_attempts": attempts,
    "last_call_attempt": attempts[0],
}

out = pathlib.Path("resources/sample/sample-call.json")
out.write_text(json.dumps({"call": call}, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
print(f"wrote {out} ({out.stat().st_size} bytes, {len(human_transcript)} turns in the human attempt)")
