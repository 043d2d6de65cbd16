<?php
// The mark Moodle's question engine gives to learner responses, for questions already in
// the question bank: each question is loaded with question_bank::load_question, started in
// a question usage with the "deferred feedback" behaviour (a Moodle quiz's default), given
// one response, finished and graded, exactly as a quiz attempt does.
//
// Input (--input=FILE, JSON): [{"id": 12, "responses": [R, ...]}, ...] where a response R
// names what the learner picks in the question's own order, whatever order Moodle shows:
//   {"choices": [0, 2]}       multichoice / truefalse: indexes of the ticked answers as in
//                             the file (truefalse: 0 = True, 1 = False)
//   {"text": "3.5"}           shortanswer / numerical: what the learner types
//   {"pairs": ["Mali", ...]}  match: per left (subquestion) in file order, the right picked
// Output on stdout: [{"id": 12, "fractions": [1.0, 0.5, 0.0]}, ...]
// Usage: php grade_responses.php --input=FILE   (MOODLE_DIR, default /opt/moodle/www)
define('CLI_SCRIPT', true);
$options = [];
foreach (array_slice($argv, 1) as $argument) {
    if (preg_match('/^--([a-z]+)=(.*)$/', $argument, $found)) {
        $options[$found[1]] = $found[2];
    }
}
$questions = json_decode(file_get_contents($options['input']), true, 512, JSON_THROW_ON_ERROR);
require((getenv('MOODLE_DIR') ?: '/opt/moodle/www') . '/config.php');
require_once($CFG->libdir . '/questionlib.php');
require_once($CFG->dirroot . '/question/engine/lib.php');
\core\session\manager::set_user(get_admin());

/** The response's question-type variables, for the order this attempt shows. */
function moodle_response(question_definition $question, question_attempt $attempt, array $wanted): array {
    $type = $question->get_type_name();
    $step = $attempt->get_step(0);
    if ($type === 'truefalse') {
        return ['answer' => $wanted['choices'] === [0] ? 1 : 0];
    }
    if ($type === 'shortanswer' || $type === 'numerical') {
        return ['answer' => $wanted['text']];
    }
    if ($type === 'multichoice') {
        $fileorder = array_keys($question->answers);
        sort($fileorder);
        $shown = explode(',', $step->get_qt_var('_order'));
        $response = [];
        foreach ($wanted['choices'] as $index) {
            $place = array_search($fileorder[$index], $shown);
            if ($question instanceof qtype_multichoice_single_question) {
                $response['answer'] = $place;
            } else {
                $response['choice' . $place] = 1;
            }
        }
        return $response;
    }
    if ($type === 'match') {
        $stems = array_keys($question->stems);
        sort($stems);
        $shownstems = explode(',', $step->get_qt_var('_stemorder'));
        $shownchoices = explode(',', $step->get_qt_var('_choiceorder'));
        $response = [];
        foreach ($wanted['pairs'] as $index => $right) {
            $choiceid = array_search($right, $question->choices, true);
            if ($choiceid === false) {
                throw new coding_exception("no right '{$right}' in question {$question->id}");
            }
            $place = array_search($stems[$index], $shownstems);
            $response['sub' . $place] = array_search($choiceid, $shownchoices) + 1;
        }
        return $response;
    }
    throw new coding_exception("no responses for question type {$type}");
}

$out = [];
foreach ($questions as $entry) {
    $fractions = [];
    foreach ($entry['responses'] as $wanted) {
        $question = question_bank::load_question($entry['id']);
        $usage = question_engine::make_questions_usage_by_activity('core_question_preview', context_system::instance());
        $usage->set_preferred_behaviour('deferredfeedback');
        $slot = $usage->add_question($question, $question->defaultmark);
        $usage->start_question($slot);
        $attempt = $usage->get_question_attempt($slot);
        $usage->process_action($slot, moodle_response($question, $attempt, $wanted));
        $usage->finish_all_questions();
        $fractions[] = (float) $usage->get_question_fraction($slot);
    }
    $out[] = ['id' => $entry['id'], 'fractions' => $fractions];
}
echo json_encode($out, JSON_PRETTY_PRINT | JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES), "\n";
