<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko" sourcelanguage="en">
<context>
    <name>services</name>
    <message>
        <source>My cases</source>
        <translation>내 사건</translation>
    </message>
    <message>
        <source>Fee calculator</source>
        <translation>소송비 계산</translation>
    </message>
    <message>
        <source>File a case</source>
        <translation>소송 접수</translation>
    </message>
    <message>
        <source>Green channel</source>
        <translation>녹색 통로</translation>
    </message>
    <message>
        <source>Guidance</source>
        <translation>소송 안내</translation>
    </message>
    <message>
        <source>Ask for mediation</source>
        <translation>조정 신청</translation>
    </message>
    <message>
        <source>Message the judge</source>
        <translation>판사에게 메시지</translation>
    </message>
    <message>
        <source>Pay fees</source>
        <translation>소송비 납부</translation>
    </message>
    <message>
        <source>Print documents</source>
        <translation>서류 인쇄</translation>
    </message>
    <message>
        <source>Litigation risk</source>
        <translation>소송 위험 평가</translation>
    </message>
    <message>
        <source>Case slip</source>
        <translation>사건 확인서</translation>
    </message>
    <message>
        <source>Case lookup</source>
        <translation>사건 검색</translation>
    </message>
    <message>
        <source>Read case file</source>
        <translation>기록 열람</translation>
    </message>
    <message>
        <source>Hand in materials</source>
        <translation>자료 제출</translation>
    </message>
    <message>
        <source>Take a number</source>
        <extracomment>The hall&apos;s counter services when the backend has never been reached: the sandbox&apos;s (a court&apos;s own list comes from its backend and is kept for the next time it is out of reach).</extracomment>
        <translation>번호표 발급</translation>
    </message>
    <message>
        <source>Remote video</source>
        <extracomment>States of a call as the screens show it.</extracomment>
        <translation>원격 화상</translation>
    </message>
</context>
<context>
    <name>voice</name>
    <message>
        <source>file a case|new case|sue</source>
        <translation>재판 신청</translation>
    </message>
    <message>
        <source>my cases|case status</source>
        <translation>사건 조회|내 사건</translation>
    </message>
    <message>
        <source>print documents|print</source>
        <translation>서류 인쇄</translation>
    </message>
    <message>
        <source>pay fees|payment</source>
        <translation>비용 결제|결제</translation>
    </message>
    <message>
        <source>fee calculator|calculate fees</source>
        <translation>비용 계산|수수료 계산</translation>
    </message>
    <message>
        <source>litigation risk|risk</source>
        <translation>위험 평가</translation>
    </message>
    <message>
        <source>guidance|help</source>
        <translation>안내|도움말</translation>
    </message>
    <message>
        <source>mediation</source>
        <translation>조정 상담</translation>
    </message>
    <message>
        <source>message the judge|judge</source>
        <translation>판사 메시지</translation>
    </message>
    <message>
        <source>green channel</source>
        <translation>녹색 통로</translation>
    </message>
    <message>
        <source>case slip|print a slip</source>
        <translation>증명서 출력</translation>
    </message>
    <message>
        <source>case lookup|query code</source>
        <translation>코드 검색</translation>
    </message>
    <message>
        <source>read case file|case file</source>
        <translation>문서 열람</translation>
    </message>
    <message>
        <source>hand in materials|submit materials|evidence</source>
        <translation>자료 보내기</translation>
    </message>
    <message>
        <source>take a number|queue number</source>
        <translation>번호표</translation>
    </message>
    <message>
        <source>remote video|video call|video</source>
        <translation>화상 상담|화상 통화</translation>
    </message>
</context>
</TS>
